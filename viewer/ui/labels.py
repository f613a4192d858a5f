"""Words the interface shows for the core's values, translated."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication

from viewer.ui.i18n import QT_TRANSLATE_NOOP

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


#: A correction's statuses (CorrectionStatus), as the interface says them.
CORRECTION_STATUSES = {
    "open": QT_TRANSLATE_NOOP("Status", "open"),
    "accepted": QT_TRANSLATE_NOOP("Status", "accepted"),
    "rejected": QT_TRANSLATE_NOOP("Status", "rejected"),
}


def correction_status_label(status: str) -> str:
    """A correction's status as the interface says it ("open" when it has none)."""
    text = CORRECTION_STATUSES.get(status or "open")
    return QCoreApplication.translate("Status", text) if text else status


def local_time(time: str) -> str:
    """A sidecar's UTC time (``2026-11-26T06:46:00.000000Z``) as local
    ``2026-11-26 14:46``; the text itself if it is not such a time."""
    try:
        utc = _dt.datetime.strptime(time[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=_dt.timezone.utc)
    except ValueError:
        return time
    return utc.astimezone().strftime("%Y-%m-%d %H:%M")


def level_text(status: str, author: str, time: str) -> str:
    """A record's review level, who set it and when, for the status bar:
    "proofread by 甲, 2026-11-26 14:46" (local time), or just "unread"."""
    if not author:
        return status_label(status)
    local = local_time(time)
    return (QCoreApplication.translate("Status", "%1 by %2, %3")
            .replace("%1", status_label(status)).replace("%2", author).replace("%3", local))


#: The proofreading checks (viewer.core.records.checks), as the interface says them.
CHECKS = {
    "date-path": QT_TRANSLATE_NOOP("Checks", "日期 disagrees with the date folders or the file name"),
    "page-name": QT_TRANSLATE_NOOP("Checks", "版号 disagrees with the file name"),
    "item-repeat": QT_TRANSLATE_NOOP("Checks", "条号 repeats on one page of one day"),
    "issue-day": QT_TRANSLATE_NOOP("Checks", "总期 changes within a day"),
    "empty-field": QT_TRANSLATE_NOOP("Checks", "An empty 标题 or 正文"),
    "gb2312": QT_TRANSLATE_NOOP("Checks", "Characters outside GB2312 before 1995"),
    "mixed-punctuation": QT_TRANSLATE_NOOP("Checks", "Half-width and full-width punctuation in one body"),
    "confusion": QT_TRANSLATE_NOOP("Checks", "Known misreadings (.archive-viewer-confusions.txt)"),
}


def check_label(name: str) -> str:
    text = CHECKS.get(name)
    return QCoreApplication.translate("Checks", text) if text else name
