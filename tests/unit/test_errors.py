from borderlever.errors import DataError, UnknownCodeError


def test_data_error_names_file_row_column_and_expectation():
    err = DataError(
        "non-numeric value 'x'", file="a.csv", row=3, column="Value", expected="a number"
    )
    assert (
        str(err) == "file a.csv, row 3, column 'Value': non-numeric value 'x' (expected a number)"
    )


def test_unknown_code_suggests_close_matches():
    err = UnknownCodeError("port code", "2034", ["2304", "2402", "0901"])
    assert "did you mean '2304'" in str(err)
    assert "Known: 2304, 2402, 0901" in str(err)
