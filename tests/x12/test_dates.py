"""The engine's date and time checks give ``datetime.strptime``'s verdict, value by value."""

import datetime as dt
import itertools
import random

from dist_core.x12.dates import digits_date_ok, isa_date_ok, isa_time_ok, real_day


def _parses(value: str, pattern: str) -> bool:
    try:
        dt.datetime.strptime(value, pattern)
    except ValueError:
        return False
    return True


def test_real_day_follows_the_gregorian_calendar():
    assert real_day(2024, 2, 29) and real_day(2000, 2, 29) and real_day(1, 1, 1)
    assert not real_day(1900, 2, 29) and not real_day(2023, 2, 29) and not real_day(2100, 2, 29)
    assert not real_day(0, 1, 1) and not real_day(10000, 1, 1)
    assert not real_day(2024, 4, 31) and not real_day(2024, 13, 1) and not real_day(2024, 1, 0)


def test_digit_dates_match_strptime_on_every_month_and_day():
    years8 = ["0000", "0001", "0004", "0100", "0400", "1600", "1900", "1999", "2000", "2023"]
    years8 += ["2024", "2100", "2400", "9996", "9999"]
    months = [f"{m:02d}" for m in range(0, 14)] + ["19", "20", "99"]
    days = [f"{d:02d}" for d in range(0, 33)] + ["39", "40", "99"]
    checked = 0
    for month, day in itertools.product(months, days):
        for year in years8:
            value = year + month + day
            assert digits_date_ok(value) is _parses(value, "%Y%m%d"), value
            checked += 1
        for year in range(100):
            value = f"{year:02d}{month}{day}"
            assert digits_date_ok(value) is _parses(value, "%y%m%d"), value
            checked += 1
    assert checked > 50_000


def test_isa_date_and_time_match_strptime_on_any_text():
    rng = random.Random(5)
    alphabet = "0123456789 0123456789 ab-/*\u0663\uff11"
    values = ["240102", "240229", "230229", "24012", "2412", "24 1 2", "240 12", "1230", "960"]
    values += [
        "2360",
        "0000",
        "123",
        "9",
        "",
        " 1230",
        "12:30",
        "\u0662\u0664\u0660\u0661\u0660\u0662",
    ]
    for _ in range(20_000):
        values.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))))
    for length in (3, 4, 5, 6):
        values += ["".join(p) for p in itertools.product("0123 9", repeat=length)][:4_000]
    for value in values:
        assert isa_date_ok(value) is _parses(value, "%y%m%d"), repr(value)
        assert isa_time_ok(value) is _parses(value, "%H%M"), repr(value)
