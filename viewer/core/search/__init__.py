"""Search: the body text store, the query language, the searcher, the
concordance, the quick filter, facets and statistics."""
