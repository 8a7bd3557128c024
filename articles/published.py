"""A story's time of publication as the copy states it: the clock time as printed and, when the
copy names one, its zone (minutes east of UTC). A time with a zone is an instant; a time without
one is the agency's local clock, shown as printed and never turned into an instant
(docs/importing.md)."""

import datetime


class PublicationTime:
    """What `Article` derives from `published`, `published_time` and `published_utc_offset`."""

    published: datetime.date | None
    published_time: datetime.time | None
    published_utc_offset: int | None

    @property
    def published_zone(self) -> datetime.timezone | None:
        """The zone the copy names for its time (a fixed offset), or None when it names none."""
        if self.published_utc_offset is None:
            return None
        return datetime.timezone(datetime.timedelta(minutes=self.published_utc_offset))

    @property
    def published_zone_label(self) -> str:
        """ "UTC+04:00" for the zone the copy names ("UTC" for UTC itself), or ""."""
        offset = self.published_utc_offset
        return utc_offset_label(offset) if offset is not None else ""

    @property
    def published_moment(self) -> datetime.datetime | None:
        """The instant the story was published, when the copy gives date, time and zone; a time
        without a zone names no instant (it is the agency's local clock), so None."""
        zone = self.published_zone
        if self.published is None or self.published_time is None or zone is None:
            return None
        return datetime.datetime.combine(self.published, self.published_time, tzinfo=zone)

    @property
    def published_iso(self) -> str:
        """The date and time as an HTML `datetime` value: "2024-08-31T19:19+04:00" with the
        stated zone, "2024-08-31T19:19" (a local date and time) without one, "2024-08-31" when
        there is no time, "" when there is no date."""
        if self.published is None:
            return ""
        if self.published_time is None:
            return self.published.isoformat()
        clock = self.published_time.isoformat(
            "seconds" if self.published_time.second else "minutes"
        )
        offset = self.published_utc_offset
        zone = "" if offset is None else iso_offset(offset)
        return f"{self.published.isoformat()}T{clock}{zone}"


def iso_offset(minutes: int) -> str:
    """ISO 8601's offset for minutes east of UTC: "+04:00" for 240, "-05:30" for -330, "Z"."""
    if minutes == 0:
        return "Z"
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def utc_offset_label(minutes: int) -> str:
    """The zone as readers and editors read it: "UTC+04:00", "UTC-05:30", "UTC"."""
    return "UTC" if minutes == 0 else f"UTC{iso_offset(minutes)}"
