"""All or nothing: the first bad line raises with its number, and limits hold before work."""

from __future__ import annotations

import io

import pytest

from ironbase.training.imports import (
    MAX_IMPORT_BYTES,
    ImportEncodingError,
    ImportLineError,
    ImportTooLargeError,
    parse_import,
    reading,
)

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE\n"
)
GOOD_ROW = "2024-03-04 18:02:11,Push,1h,Bench Press (Barbell),1,100,5,0,0,,,8\n"


def strong(*rows: str) -> bytes:
    return (STRONG_HEADER + GOOD_ROW + "".join(rows)).encode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2024-03-04 18:02:11,Push,1h,Bench,1,100,5,0,0,,,11\n", "RPE 11 is not between 1"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,100,5,0,0,,,7.3\n", "RPE 7.3"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,100,-1,0,0,,,\n", "negative reps"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,100,5.5,0,0,,,\n", "whole number"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,abc,5,0,0,,,\n", "'abc' is not a number"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,-20,5,0,0,,,\n", "negative weight"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,1001,5,0,0,,,\n", "beyond the limit"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,NaN,5,0,0,,,\n", "not a number"),
        ("04/03/2024 18:02,Push,1h,Bench,1,100,5,0,0,,,\n", "not a date"),
        ("2024-02-30 18:02:11,Push,1h,Bench,1,100,5,0,0,,,\n", "not a date"),
        ("2024-03-04 18:02:11,Push,1h,Bench,X,100,5,0,0,,,\n", "unknown Set Order"),
        ("2024-03-04 18:02:11,Push,soon,Bench,1,100,5,0,0,,,\n", "not a duration"),
        ("2024-03-04 18:02:11,Push,1h,,1,100,5,0,0,,,\n", "no exercise name"),
        ("2024-03-04 18:02:11,Push,1h,Bench,1,100,5,0,0,,,8,extra\n", "13 fields"),
    ],
)
def test_a_bad_line_names_its_number(row: str, message: str) -> None:
    with pytest.raises(ImportLineError, match=message) as caught:
        parse_import(strong(row, GOOD_ROW), unit="kg")
    assert caught.value.line == 3
    assert str(caught.value).startswith("line 3")


def test_the_line_is_where_the_record_starts_after_multiline_fields() -> None:
    multiline = '2024-03-04 18:02:11,Push,1h,Bench,1,100,5,0,0,"a\nlong\nnote",,\n'
    bad = "2024-03-04 18:02:11,Push,1h,Bench,1,100,-1,0,0,,,\n"
    with pytest.raises(ImportLineError) as caught:
        parse_import(strong(multiline, bad), unit="kg")
    assert caught.value.line == 6


def test_a_nul_byte_names_its_line() -> None:
    data = strong("2024-03-04 18:02:11,Push,1h,Bench,1,100\x00,5,0,0,,,\n")
    with pytest.raises(ImportLineError, match="NUL byte") as caught:
        parse_import(data, unit="kg")
    assert caught.value.line == 3


def test_a_legacy_code_page_is_refused_with_its_line() -> None:
    data = strong("2024-03-04 18:02:11,Oberkörper,1h,Bench,1,100,5,0,0,,,\n")
    with pytest.raises(ImportEncodingError, match=r"line 3: byte 0xf6 is not UTF-8"):
        parse_import(data.decode().encode("cp1252"), unit="kg")


def test_utf16_is_refused_clearly() -> None:
    with pytest.raises(ImportEncodingError, match="UTF-16"):
        parse_import(strong().decode().encode("utf-16"), unit="kg")


def test_a_malformed_quote_names_its_line() -> None:
    data = strong('2024-03-04 18:02:11,"Push"x,1h,Bench,1,100,5,0,0,,,\n')
    with pytest.raises(ImportLineError, match="malformed CSV") as caught:
        parse_import(data, unit="kg")
    assert caught.value.line == 3


def test_a_bad_line_after_good_ones_returns_nothing() -> None:
    rows = [GOOD_ROW.replace("18:02:11", f"18:{n:02}:00") for n in range(50)]
    with pytest.raises(ImportLineError, match="line 53"):
        parse_import(strong(*rows, "2024-03-04 18:02:11,Push,1h,Bench,1,1,1,0,0,,,11\n"), "kg")


def test_hevy_bad_values_name_their_line() -> None:
    header = (
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
    )
    good = '"A","15 Sep 2025, 07:48","","","Squat","","",0,"normal",100,5,,,\n'
    for row, message in [
        ('"A","31 Sep 2025, 07:48","","","Squat","","",0,"normal",100,5,,,\n', "real date"),
        ('"A","15 Sept, 07:48","","","Squat","","",0,"normal",100,5,,,\n', "not a date"),
        ('"A","15 Sep 2025, 07:48","","","Squat","","",0,"amrap",100,5,,,\n', "set_type"),
        ('"A","15 Sep 2025, 07:48","","","Squat","x","",0,"normal",100,5,,,\n', "superset_id"),
    ]:
        with pytest.raises(ImportLineError, match=message) as caught:
            parse_import((header + good + row).encode())
        assert caught.value.line == 3


def test_jefit_bad_packed_sets_name_their_line() -> None:
    data = (
        "### SETTING ###\nUSERID,weightunit\n1,kg\n### EXERCISE LOGS ###\n"
        'USERID,logs,mydate,ename,belongsession\n1,"60x10,65",2023-11-14,Squat,9\n'
    )
    with pytest.raises(ImportLineError, match="'65' is not weight x reps") as caught:
        parse_import(data.encode())
    assert caught.value.line == 6


class CountingStream(io.BytesIO):
    """Counts reads, to show an oversized upload is refused before any is made."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads = 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        return super().read(size)

    def readline(self, size: int | None = -1) -> bytes:
        self.reads += 1
        return super().readline(size)


def test_a_50_mb_upload_is_refused_before_it_is_read() -> None:
    stream = CountingStream(strong() + b"x" * (50 * 1024 * 1024))
    with pytest.raises(ImportTooLargeError, match="limit is 20971520 bytes"):
        parse_import(stream, unit="kg")
    assert stream.reads == 0


def test_50_mb_of_bytes_is_refused_before_a_line_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[bytes] = []
    original = reading.LineReader._decode

    def counting(self: reading.LineReader, raw: bytes) -> str:
        decoded.append(raw)
        return original(self, raw)

    monkeypatch.setattr(reading.LineReader, "_decode", counting)
    with pytest.raises(ImportTooLargeError):
        parse_import(strong() + b"x" * (50 * 1024 * 1024), unit="kg")
    assert decoded == []


class Unseekable(io.RawIOBase):
    """A stream of unknown length (a chunked upload): only counting can stop it."""

    def __init__(self, header: bytes, line: bytes, lines: int) -> None:
        self.pending = [header, *[line] * lines]
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self.pending:
            return 0
        chunk = self.pending.pop(0)
        self.served += len(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_an_unsized_stream_stops_at_the_byte_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_IMPORT_BYTES", 4096)
    monkeypatch.setattr(reading, "MAX_IMPORT_ROWS", 10**9)
    source = Unseekable(STRONG_HEADER.encode(), GOOD_ROW.encode(), 10_000)
    stream = io.BufferedReader(source, buffer_size=1024)
    assert not stream.seekable()
    with pytest.raises(ImportTooLargeError, match="limit is 4096 bytes"):
        parse_import(stream, "kg")
    assert source.served < 4096 + 2048


def test_rows_beyond_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_IMPORT_ROWS", 5)
    assert parse_import(strong(*[GOOD_ROW] * 4), unit="kg").rows_read == 5
    with pytest.raises(ImportTooLargeError, match="more than 5 rows"):
        parse_import(strong(*[GOOD_ROW] * 5), unit="kg")


def test_a_field_beyond_the_limit_is_refused() -> None:
    note = "n" * (reading.MAX_FIELD_CHARS + 1)
    data = strong(f"2024-03-04 18:02:11,Push,1h,Bench,1,100,5,0,0,{note},,\n")
    with pytest.raises(ImportLineError, match="longer than") as caught:
        parse_import(data, unit="kg")
    assert caught.value.line == 3


def test_a_line_beyond_the_limit_is_refused() -> None:
    data = strong("," * (reading.MAX_LINE_BYTES + 10) + "\n")
    with pytest.raises(ImportTooLargeError, match="line 3 is longer"):
        parse_import(data, unit="kg")


def test_the_limits_are_the_documented_ones() -> None:
    assert MAX_IMPORT_BYTES == 20 * 1024 * 1024
    assert reading.MAX_IMPORT_ROWS == 200_000


def test_fitbod_and_fitnotes_bad_values_name_their_line() -> None:
    fitbod = (
        "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,"
        "Note,multiplier\n2021-12-27 10:02:51 +0000,Squat,5,60,0,0,0,0,false,,1\n"
    )
    fitnotes = (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
        "2022-09-14,Squat,Legs,100,kgs,5,,,,\n"
    )
    cases = [
        (fitbod + "2021-12-27 10:03:00 +0000,Squat,5,60,0,0,0,0,maybe,,1\n", "isWarmup"),
        (fitbod + "2021-12-27 10:03:00 +0000,Squat,5,60,0,0,0,0,false,,0\n", "multiplier"),
        (fitbod + "2021-12-27 10:03:00,Squat,5,60,0,0,0,0,false,,1\n", "not a date"),
        (fitnotes + "2022-09-14,Run,Cardio,,,,5,km,0:75:00,\n", "H:MM:SS"),
        (fitnotes + "2022-09-14,Run,Cardio,,,,5,leagues,,\n", "distance unit"),
        (fitnotes + "2022-09-14,Squat,Legs,100,stone,5,,,,\n", "weight unit"),
    ]
    for data, message in cases:
        with pytest.raises(ImportLineError, match=message) as caught:
            parse_import(data.encode())
        assert caught.value.line == 3
