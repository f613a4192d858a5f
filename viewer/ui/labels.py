"""Words the interface shows for the core's values, translated."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: Review statuses, in the order people go through them.
STATUSES = {
    "unread": QT_TRANSLATE_NOOP("Status", "unread"),
    "read": QT_TRANSLATE_NOOP("Status", "read"),
    "proofread": QT_TRANSLATE_NOOP("Status", "proofread"),
    "flagged": QT_TRANSLATE_NOOP("Status", "flagged"),
}


def status_label(status: str) -> str:
    """A review status as the interface says it."""
    text = STATUSES.get(status)
    return QCoreApplication.translate("Status", text) if text else status
