#!/usr/bin/env python3
"""Writes calendar test vectors from an independent model of each calendar.

The model shares nothing with the Rust code: Python's zoneinfo for time zones, its own
holiday arithmetic, and a minute-by-minute scan for every answer. Every instant and
duration in the vectors is on the minute, which the scan needs.

Wall-clock bounds resolve by the "compatible" rule (CONVENTIONS.md beside this file):
each [open, close] of local date D is the instant interval
[resolve(D, open), resolve(D, close)), empty when the first is not before the second.
Python's `fold=0` is that rule: a skipped time reads with the offset before the jump,
a repeated time is the earlier instant. The calendars below put bounds inside gaps and
repeated hours on purpose.

    python3 tests/data/calendar/generate.py > tests/data/calendar/generated.jsonl
"""
import bisect
import json
import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
MINUTE = timedelta(minutes=1)
FROM, UNTIL = date(2026, 1, 1), date(2027, 1, 1)
EASTER = {2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28)}

def office(*ranges):
    return [list(r) for r in ranges]

CALENDARS = {
    "berlin-office": {
        "time_zone": "Europe/Berlin",
        "hours": {d: office(("09:00", "12:00"), ("13:00", "17:00")) for d in ["mon", "tue", "wed", "thu", "fri"]},
        "holidays": [
            {"rule": "fixed", "month": 1, "day": 1},
            {"rule": "easter", "offset": -2},
            {"rule": "easter", "offset": 1},
            {"rule": "fixed", "month": 5, "day": 1},
            {"rule": "easter", "offset": 39},
            {"rule": "easter", "offset": 50},
            {"rule": "fixed", "month": 10, "day": 3},
            {"rule": "fixed", "month": 12, "day": 25},
            {"rule": "fixed", "month": 12, "day": 26},
        ],
        "date_hours": {"2026-12-24": [["09:00", "12:00"]], "2026-12-31": [["09:00", "12:00"]]},
        "range": {"from": "2026-01-01", "until": "2027-01-01"},
    },
    "new-york-nights": {
        "time_zone": "America/New_York",
        "hours": {d: office(("22:00", "06:00")) for d in ["sun", "mon", "tue", "wed", "thu"]},
        "holidays": [
            {"rule": "nth_weekday", "month": 11, "weekday": "thu", "n": 4},
            {"rule": "fixed", "month": 7, "day": 4, "observed": "nearest_weekday"},
            {"rule": "last_weekday", "month": 5, "weekday": "mon"},
        ],
        "range": {"from": "2026-01-01", "until": "2027-01-01"},
    },
    "santiago-desk": {
        "time_zone": "America/Santiago",
        "hours": dict({d: office(("00:00", "24:00")) for d in ["mon", "tue", "wed", "thu", "fri", "sat"]},
                      sun=office(("08:00", "20:00"))),
        "range": {"from": "2026-01-01", "until": "2027-01-01"},
    },
    "london-nights": {
        # Bounds in the skipped hour (01:00-02:00 on 2026-03-29) and the repeated one
        # (01:00-02:00 on 2026-10-25).
        "time_zone": "Europe/London",
        "hours": dict({d: office(("09:00", "17:00")) for d in ["mon", "tue", "wed", "thu", "fri"]},
                      sat=office(("22:00", "01:00")),
                      sun=office(("01:15", "01:45"), ("09:00", "17:00"))),
        "date_hours": {"2026-10-25": [["01:30", "04:00"]],
                       "2026-03-29": [["00:30", "01:30"], ["01:45", "03:00"]]},
        "range": {"from": "2026-01-01", "until": "2027-01-01"},
    },
    "chatham-sundays": {
        # Pacific/Chatham: 02:45 jumps to 03:45 (2026-09-27), 03:45 falls back to 02:45
        # (2026-04-05). A Saturday night shift runs into Sunday's, which opens at 03:00.
        "time_zone": "Pacific/Chatham",
        "hours": {"sat": office(("22:00", "03:00")), "sun": office(("03:00", "06:00")),
                  "wed": office(("02:50", "03:10"))},
        "range": {"from": "2026-01-01", "until": "2027-01-01"},
    },
    "lord-howe-edges": {
        # Australia/Lord_Howe: 02:00 jumps to 02:30 (2026-10-04), 02:00 falls back to
        # 01:30 (2026-04-05): half-hour switches, with bounds inside both.
        "time_zone": "Australia/Lord_Howe",
        "hours": {d: office(("01:45", "02:15"), ("09:00", "17:00")) for d in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
        "range": {"from": "2026-01-01", "until": "2027-01-01"},
    },
    "lord-howe-split": {
        "time_zone": "Australia/Lord_Howe",
        "hours": {d: office(("01:00", "03:00"), ("09:00", "17:00")) for d in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
        "holidays": [{"rule": "date", "date": "2026-04-06"}, {"rule": "fixed", "month": 10, "day": 5, "observed": "following_monday"}],
        "range": {"from": "2026-01-01", "until": "2027-01-01"},
    },
}

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

def holiday(rule, d):
    kind = rule["rule"]
    if kind == "date":
        return d.isoformat() == rule["date"]
    if kind == "fixed":
        on = lambda x: (x.month, x.day) == (rule["month"], rule["day"])
        observed = rule.get("observed", "on_the_day")
        wd = d.weekday()
        if observed == "on_the_day":
            return on(d)
        if wd >= 5:
            return False
        if observed == "nearest_weekday":
            return on(d) or (wd == 4 and on(d + timedelta(1))) or (wd == 0 and on(d - timedelta(1)))
        return on(d) or (wd == 0 and (on(d - timedelta(1)) or on(d - timedelta(2))))
    if kind == "nth_weekday":
        return d.month == rule["month"] and WEEKDAYS[d.weekday()] == rule["weekday"] and (d.day - 1) // 7 + 1 == rule["n"]
    if kind == "last_weekday":
        return d.month == rule["month"] and WEEKDAYS[d.weekday()] == rule["weekday"] and (d + timedelta(7)).month != d.month
    if kind == "easter":
        return any(e + timedelta(rule["offset"]) == d for e in EASTER.values())
    raise ValueError(kind)

def secs(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 3600 + int(m) * 60

class Model:
    def __init__(self, spec):
        self.spec = spec
        self.tz = ZoneInfo(spec["time_zone"])
        self.lo = self.resolve(datetime.combine(FROM, datetime.min.time()))
        self.hi = self.resolve(datetime.combine(UNTIL, datetime.min.time()))
        # Open flags for every minute of [lo - 2 days, hi + 2 days).
        self.base = self.lo - timedelta(days=2)
        n = int((self.hi - self.base) / MINUTE) + 2 * 1440
        self.open = [False] * n
        d = FROM - timedelta(3)
        while d <= UNTIL + timedelta(2):
            for a, b in self.intervals(d):
                for k in range(max(0, self.idx(a)), min(n, self.idx(b))):
                    self.open[k] = True
            d += timedelta(1)
        self.prefix = [0]
        for o in self.open:
            self.prefix.append(self.prefix[-1] + o)

    def resolve(self, local):
        """The instant a local reading stands for, by the compatible rule."""
        return local.replace(tzinfo=self.tz, fold=0).astimezone(UTC)

    def ranges(self, d):
        override = self.spec.get("date_hours", {}).get(d.isoformat())
        if override is not None:
            rs = override
        elif any(holiday(h, d) for h in self.spec.get("holidays", [])):
            rs = []
        else:
            rs = self.spec["hours"].get(WEEKDAYS[d.weekday()], [])
        out = []
        for o, c in rs:
            o, c = secs(o), secs(c)
            if c <= o:
                c += 86400
            out.append((o, c))
        return out

    def intervals(self, d):
        """Date d's non-empty instant intervals."""
        midnight = datetime.combine(d, datetime.min.time())
        out = []
        for o, c in self.ranges(d):
            a = self.resolve(midnight + timedelta(seconds=o))
            b = self.resolve(midnight + timedelta(seconds=c))
            if a < b:
                out.append((a, b))
        return out

    def idx(self, t):
        return int((t - self.base) / MINUTE)

    def at(self, k):
        return self.base + k * MINUTE

    def in_range(self, t):
        return self.lo <= t <= self.hi

    def between(self, a, b):
        return (self.prefix[self.idx(b)] - self.prefix[self.idx(a)]) * 60

    def add(self, t, minutes):
        if minutes == 0:
            return t
        target = self.prefix[self.idx(t)] + minutes
        k = bisect.bisect_left(self.prefix, target)
        end = self.at(k)
        return end if end <= self.hi else None

    def sub(self, t, minutes):
        if minutes == 0:
            return t
        target = self.prefix[self.idx(t)] - minutes
        k = bisect.bisect_right(self.prefix, target) - 1
        start = self.at(k)
        return start if start >= self.lo else None

    def next_open(self, t):
        k = self.idx(t)
        while self.at(k) <= self.hi and not self.open[k]:
            k += 1
        return self.at(k) if self.at(k) <= self.hi else None

    def next_close(self, t):
        start = self.next_open(t)
        if start is None:
            return None
        k = self.idx(start)
        while self.at(k) <= self.hi and self.open[k]:
            k += 1
        return self.at(k) if self.at(k) <= self.hi else None

    def business_days(self, d):
        out = []
        while d < UNTIL:
            if self.intervals(d):
                out.append(d)
            d += timedelta(1)
        return out

    def nth_business_day(self, t, n):
        d0 = t.astimezone(self.tz).date()
        days = self.business_days(d0 if n == 0 else d0 + timedelta(1))
        return days[max(n, 1) - 1] if len(days) >= max(n, 1) else None

    def business_days_after(self, t, n):
        d = self.nth_business_day(t, n)
        return None if d is None else max(b for _, b in self.intervals(d))

    def business_days_later(self, t, n):
        d = self.nth_business_day(t, n)
        if d is None:
            return None
        local = t.astimezone(self.tz).replace(tzinfo=None)
        result = self.resolve(datetime.combine(d, local.time()))
        return result if self.in_range(result) else None

def show(t):
    return "out_of_range" if t is None else t.strftime("%Y-%m-%dT%H:%M:%SZ")

def main():
    rng = random.Random(20261125)
    for name, spec in CALENDARS.items():
        print(json.dumps({"calendar": name, "spec": spec}))
        m = Model(spec)
        span = int((m.hi - m.lo) / MINUTE)
        instants = [m.lo + rng.randrange(span) * MINUTE for _ in range(120)]
        # Around every DST switch and the range's ends, too.
        for k in range(1, len(m.open)):
            off = lambda j: m.at(j).astimezone(m.tz).utcoffset()
            if k % 60 == 0 and off(k) != off(k - 60):
                instants += [m.at(k) + j * 15 * MINUTE for j in range(-8, 9)]
        instants += [m.lo, m.hi, m.hi - MINUTE]
        instants = [t for t in instants if m.in_range(t)]
        q = lambda **kw: print(json.dumps(dict(calendar=name, **kw)))
        for t in instants:
            q(op="is_open", t=show(t), expect=m.open[m.idx(t)])
            q(op="next_open", t=show(t), expect=show(m.next_open(t)))
            q(op="next_close", t=show(t), expect=show(m.next_close(t)))
            minutes = rng.choice([0, 1, 30, 60, 240, 480, 1440, 4320, rng.randrange(20000)])
            q(op="add", t=show(t), seconds=minutes * 60, expect=show(m.add(t, minutes)))
            q(op="sub", t=show(t), seconds=minutes * 60, expect=show(m.sub(t, minutes)))
            b = min(m.hi, max(m.lo, t + rng.randrange(-5000, 5000) * MINUTE))
            q(op="between", a=show(t), b=show(b), expect=(m.between(t, b) if b >= t else -m.between(b, t)))
            local_date = t.astimezone(m.tz).date()
            if FROM <= local_date < UNTIL:
                q(op="is_business_day", date=local_date.isoformat(), expect=bool(m.intervals(local_date)))
            n = rng.randrange(0, 4)
            q(op="business_days_after", t=show(t), n=n, expect=show(m.business_days_after(t, n)))
            q(op="business_days_later", t=show(t), n=n, expect=show(m.business_days_later(t, n)))
        q(op="is_open", t="2025-06-01T00:00:00Z", expect="out_of_range")
        q(op="add", t="2027-06-01T00:00:00Z", seconds=60, expect="out_of_range")

if __name__ == "__main__":
    main()
