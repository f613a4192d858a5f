"""Annotations: the model, anchoring spans, sidecar files, the store of an
archive's annotations, per-record summaries, exports, the tag vocabulary."""
