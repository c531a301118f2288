"""A learner's CSV file: every way it can be unusable gets a plain message, never an exception."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from nnviz.data import csv_upload
from nnviz.data.csv_upload import MIN_ROWS, check_choice, default_choice, read_csv_bytes


def houses_frame(n=60, seed=0):
    rng = np.random.default_rng(seed)
    rooms = rng.integers(1, 8, n)
    return pd.DataFrame({"rooms": rooms, "age": rng.integers(0, 80, n),
                         "price": 50_000 * rooms + rng.normal(0, 5000, n)})


def file_bytes(frame: pd.DataFrame, tmp_path, name="data.csv", **to_csv) -> bytes:
    """Written to disk and read back, the way a learner's file arrives."""
    path = tmp_path / name
    frame.to_csv(path, index=False, **to_csv)
    return path.read_bytes()


# ---- good files ----------------------------------------------------------------------------

def test_a_plain_csv_reads_back_as_written(tmp_path):
    frame = houses_frame()
    upload = read_csv_bytes("houses.csv", file_bytes(frame, tmp_path))
    assert upload.ok and upload.problem is None and upload.notes == []
    pd.testing.assert_frame_equal(upload.frame, frame)
    assert default_choice(upload.frame) == ("price", ["rooms", "age"])
    assert check_choice(upload.frame, "price", ["rooms", "age"]) == []


def test_semicolons_and_decimal_commas(tmp_path):
    frame = pd.DataFrame({"a": np.arange(30) + 0.5, "b": np.arange(30) * 2.25})
    data = file_bytes(frame, tmp_path, sep=";", decimal=",")
    upload = read_csv_bytes("europe.csv", data)
    assert upload.ok
    pd.testing.assert_frame_equal(upload.frame, frame)


def test_spreadsheet_money_and_percent_become_numbers():
    data = ("size,discount,price\n"
            + "".join(f'{100 + i},{i} %,"${(i + 1) * 1250:,}"\n' for i in range(25))).encode()
    upload = read_csv_bytes("listings.csv", data)
    assert upload.ok
    assert upload.frame["price"].tolist() == [(i + 1) * 1250.0 for i in range(25)]
    assert upload.frame["discount"].tolist() == [float(i) for i in range(25)]
    assert "price" in upload.notes[0] and "discount" in upload.notes[0]


def test_utf8_bom_and_spaces_around_names(tmp_path):
    frame = houses_frame(25)
    frame.columns = [" rooms", "age ", "price"]
    data = file_bytes(frame, tmp_path, encoding="utf-8-sig")
    upload = read_csv_bytes("excel.csv", data)
    assert list(upload.frame.columns) == ["rooms", "age", "price"]


def test_leftover_row_numbers_are_dropped(tmp_path):
    frame = houses_frame(25)
    path = tmp_path / "indexed.csv"
    frame.to_csv(path)  # pandas writes the index as a column without a name
    upload = read_csv_bytes("indexed.csv", path.read_bytes())
    assert upload.ok and list(upload.frame.columns) == ["rooms", "age", "price"]
    assert any("without a name" in note for note in upload.notes)


def test_big_files_are_sampled_down_with_a_note(tmp_path):
    frame = houses_frame(csv_upload.MAX_ROWS + 500)
    upload = read_csv_bytes("big.csv", file_bytes(frame, tmp_path))
    assert upload.ok and len(upload.frame) == csv_upload.MAX_ROWS
    assert any("random" in note for note in upload.notes)
    again = read_csv_bytes("big.csv", file_bytes(frame, tmp_path))
    pd.testing.assert_frame_equal(upload.frame, again.frame)  # seeded: the same rows each time


def test_infinities_count_as_blanks(tmp_path):
    frame = houses_frame(30).astype(float)
    frame.loc[3, "age"] = np.inf
    upload = read_csv_bytes("inf.csv", file_bytes(frame, tmp_path))
    assert np.isnan(upload.frame.loc[3, "age"])


# ---- unusable files: each says what is wrong and what to do ---------------------------------

def assert_refused(upload, *words):
    assert not upload.ok and upload.frame is None
    for word in words:
        assert word in upload.problem, upload.problem


def test_empty_file():
    assert_refused(read_csv_bytes("empty.csv", b""), "empty", "Upload a CSV")
    assert_refused(read_csv_bytes("blank.csv", b"\n\n  \n"), "empty")
    assert_refused(read_csv_bytes("none.csv", None), "empty")


def test_header_only():
    assert_refused(read_csv_bytes("header.csv", b"rooms,price\n"), "no rows", "Add at least")


def test_too_large(tmp_path):
    data = b"a,b\n" + b"1,2\n" * 40
    assert_refused(read_csv_bytes("big.csv", data, max_bytes=100), "MB", "fewer rows")
    # The real limit: a file just over 20 MB.
    line = b"123456789,123456789\n"
    big = b"a,b\n" + line * (csv_upload.MAX_BYTES // len(line) + 1)
    assert len(big) > 20 * 1024 * 1024
    assert_refused(read_csv_bytes("huge.csv", big), "files up to 20 MB")


def test_not_a_text_file(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # what an .xlsx really is
        archive.writestr("sheet1.xml", "<row>1</row>" * 100)
    assert_refused(read_csv_bytes("prices.xlsx", buffer.getvalue()), "not a text file", "CSV")
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert_refused(read_csv_bytes("photo.png", png), "not a text file")


def test_not_well_formed_csv():
    data = b"a,b\n1,2\n3,4,5,6\n7,8\n"
    assert_refused(read_csv_bytes("ragged.csv", data), "not a well-formed CSV",
                   "same number of values")


def test_a_single_column(tmp_path):
    data = file_bytes(pd.DataFrame({"price": range(50)}), tmp_path)
    assert_refused(read_csv_bytes("one.csv", data), "single column", "at least two")
    prose = b"Dear landlord\nthe heating is broken again\nplease fix it\n"
    assert_refused(read_csv_bytes("letter.txt", prose), "single column")


def test_columns_full_of_blanks(tmp_path):
    frame = houses_frame(30).astype(float)
    frame["notes"] = np.nan
    upload = read_csv_bytes("notes.csv", file_bytes(frame, tmp_path))
    assert upload.ok and "notes" not in upload.frame.columns
    assert any("'notes'" in n and "every cell is blank" in n for n in upload.notes)
    only_one_left = pd.DataFrame({"price": range(30), "x": np.nan, "z": np.nan})
    assert_refused(read_csv_bytes("gaps.csv", file_bytes(only_one_left, tmp_path)),
                   "Only one column", "completely blank", "'x'")
    all_blank = b"a,b\n,\n,\n"
    assert_refused(read_csv_bytes("void.csv", all_blank), "Every column")


@pytest.mark.parametrize("seed", range(12))
def test_random_bytes_never_raise(seed):
    rng = np.random.default_rng(seed)
    for size in (1, 7, 100, 3000):
        noise = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
        text_noise = bytes(rng.choice(list(b'a,;1.\n"\t \r-e$'), size))
        for data in (noise, text_noise):
            upload = read_csv_bytes("noise.csv", data)
            assert upload.ok or upload.problem  # an answer, never an exception


def test_an_unexpected_failure_is_still_a_message(monkeypatch):
    def explode(*args, **kwargs):
        raise MemoryError("boom")
    monkeypatch.setattr(csv_upload.pd, "read_csv", explode)
    upload = read_csv_bytes("data.csv", b"a,b\n1,2\n")
    assert not upload.ok
    assert "could not be read" in upload.problem and "MemoryError" in upload.problem


# ---- choosing the target and the inputs -------------------------------------------------------

def test_a_text_target_is_refused_with_examples():
    frame = houses_frame(30)
    frame["city"] = ["Leeds", "York"] * 15
    problems = check_choice(frame, "city", ["rooms", "age"])
    assert len(problems) == 1
    assert "'city', holds text" in problems[0] and "'Leeds'" in problems[0]
    assert "Choose a column of numbers" in problems[0]


def test_text_inputs_are_accepted():
    # nnviz.data.encoding turns them into 0/1 columns (lessons.regression.inputs).
    frame = houses_frame(30)
    frame["city"] = "Leeds"
    assert check_choice(frame, "price", ["rooms", "city"]) == []
    assert check_choice(frame, "price", ["city"]) == []


def test_no_inputs_or_no_target():
    frame = houses_frame(30)
    assert check_choice(frame, "price", []) == ["Choose at least one input column to predict from."]
    assert check_choice(frame, "price", ["price"])  # the target cannot predict itself
    assert check_choice(frame, None, ["rooms"]) == ["Choose the column to predict."]
    assert check_choice(frame, "nope", ["rooms"]) == ["Choose the column to predict."]


def test_a_file_with_one_column_of_numbers_predicts_it_from_the_text():
    # Numbers and a text column: the only numeric column is the target, and the text column
    # is its input (one-hot encoded), so the file is usable as it is.
    frame = pd.DataFrame({"x": range(30), "pet": ["cat", "dog"] * 15})
    target, inputs = default_choice(frame)
    assert (target, inputs) == ("x", ["pet"])
    assert check_choice(frame, target, inputs) == []


def test_too_few_rows():
    frame = houses_frame(MIN_ROWS - 1)
    problems = check_choice(frame, "price", ["rooms", "age"])
    assert len(problems) == 1
    assert f"Only {MIN_ROWS - 1} usable rows" in problems[0] and "Add more rows" in problems[0]
    assert check_choice(houses_frame(MIN_ROWS), "price", ["rooms", "age"]) == []


def test_too_few_rows_is_the_message_check_choice_gives():
    """The check other CSV lessons share, on its own: a message, or None when enough remain."""
    frame = houses_frame(MIN_ROWS - 1)
    assert (csv_upload.too_few_rows(frame, "price", ["rooms"], "drop")
            == check_choice(frame, "price", ["rooms"])[0])
    assert csv_upload.too_few_rows(houses_frame(MIN_ROWS), "price", ["rooms"], "drop") is None


def test_mostly_blank_input_when_dropping_rows():
    frame = houses_frame(40).astype(float)
    frame.loc[5:, "age"] = np.nan  # 35 of 40 blank: dropping rows would keep only 5
    problems = check_choice(frame, "price", ["rooms", "age"], missing="drop")
    assert len(problems) == 1 and "Only 5 usable rows" in problems[0]
    assert "Most values of 'age' are blank" in problems[0] and "fill blanks" in problems[0]
    # Filling the blanks instead keeps every row.
    assert check_choice(frame, "price", ["rooms", "age"], missing="mean") == []
    # Rows without a target are lost either way.
    frame.loc[: 25, "price"] = np.nan
    assert csv_upload.rows_left(frame, "price", ["rooms", "age"], "mean") == 14
    assert check_choice(frame, "price", ["rooms"], missing="mean")


def test_a_blank_target_column_is_refused():
    frame = houses_frame(30).astype(float)
    frame["price"] = np.nan
    problems = check_choice(frame, "price", ["rooms"])
    assert problems and "completely blank" in problems[0]


def test_default_choice_without_numbers():
    frame = pd.DataFrame({"a": ["x", "y"], "b": ["p", "q"]})
    assert default_choice(frame) == ("b", ["a"])
    assert "'b', holds text" in check_choice(frame, "b", ["a"])[0]


def test_a_file_named_like_something_else_says_so():
    upload = read_csv_bytes("data.json", b'{"rooms": 3, "price": 200000}')
    assert not upload.ok and "ends in .json" in upload.problem
    assert "ends in" not in read_csv_bytes("data.csv", b"a\n1\n").problem


def test_a_target_that_looks_like_categories_gets_a_hint():
    frame = houses_frame(60)
    frame["sold"] = [0, 1] * 30
    hint = csv_upload.target_hint(frame, "sold")
    assert hint and "only takes 2 values (0, 1)" in hint and "classification" in hint
    assert csv_upload.target_hint(frame, "price") is None  # an amount
    assert csv_upload.target_hint(frame, "rooms") is not None  # 1..7 whole numbers, many rows
    assert csv_upload.target_hint(frame.head(8), "sold") is None  # too few rows to tell
