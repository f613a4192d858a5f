"""Words the interface shows for the core's values, translated."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: Review statuses, in the order people go through them.
STATUSES = {
    "unread": QT_TRANSLATE_NOOP("Status", "unread"),
    "read": QT_TRANSLATE_NOOP("Status", "read"),
    "flagged": QT_TRANSLATE_NOOP("Status", "flagged"),
    "problematic": QT_TRANSLATE_NOOP("Status", "problematic"),
    "proofread": QT_TRANSLATE_NOOP("Status", "proofread"),
    "validated": QT_TRANSLATE_NOOP("Status", "validated"),
}


def status_label(status: str) -> str:
    """A review status as the interface says it."""
    text = STATUSES.get(status)
    return QCoreApplication.translate("Status", text) if text else status


def level_text(status: str, author: str, time: str) -> str:
    """A record's review level, who set it and when, for the status bar:
    "proofread by 甲, 2026-11-26 14:46" (local time), or just "unread"."""
    if not author:
        return status_label(status)
    try:
        utc = _dt.datetime.strptime(time[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=_dt.timezone.utc)
        local = utc.astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        local = time
    return (QCoreApplication.translate("Status", "%1 by %2, %3")
            .replace("%1", status_label(status)).replace("%2", author).replace("%3", local))
