from duty.cases.models import Case
from duty.extensions import db

HEADER = (
    "reference,given_names,surname,date_of_birth,nationality,team,"
    "custody_status,owner_username\n"
)
NW = "Criminal casework North West"


def _write(tmp_path, rows: str):
    path = tmp_path / "cases.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return str(path)


def test_import_twice_changes_nothing_the_second_time(world, app, tmp_path):
    path = _write(
        tmp_path,
        f"D1000001,Zoë,Ó Súilleabháin,1979-03-02,Irish,{NW},prison,owner\n"
        f"D1000002,Ana,García López,1981-07-09,Spanish,{NW},community,\n",
    )
    runner = app.test_cli_runner()

    first = runner.invoke(args=["import-cases", path])
    second = runner.invoke(args=["import-cases", path])

    assert "Created 2, updated 0, unchanged 0, rejected 0" in first.output
    assert "Created 0, updated 0, unchanged 2, rejected 0" in second.output
    assert db.session.query(Case).filter(Case.reference.like("D%")).count() == 2


def test_import_reports_each_rejected_row(world, app, tmp_path):
    path = _write(
        tmp_path,
        f"BAD,Ann,Lee,1980-01-01,Irish,{NW},,\n"
        f"D1000003,Ann,Lee,1980-02-31,Irish,{NW},,\n"
        "D1000004,Ann,Lee,1980-02-01,Irish,No such team,,\n"
        f"D1000005,Ann,Lee,1980-02-01,Irish,{NW},on holiday,\n",
    )

    result = app.test_cli_runner().invoke(args=["import-cases", path])

    assert "rejected 4" in result.output
    assert "Row 2: reference 'BAD' is not a letter and 7 numbers" in result.output
    assert "Row 3: date_of_birth '1980-02-31' is not YYYY-MM-DD" in result.output
    assert "Row 4: no team named 'No such team'" in result.output
    assert "Row 5: custody_status 'on holiday'" in result.output


def test_import_updates_a_changed_row(world, app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(
        args=[
            "import-cases",
            _write(
                tmp_path,
                f"D1000006,Ann,Lee,1980-02-01,Irish,{NW},prison,\n",
            ),
        ]
    )

    result = runner.invoke(
        args=[
            "import-cases",
            _write(
                tmp_path,
                f"D1000006,Ann,Lee,1980-02-01,Irish,{NW},community,\n",
            ),
        ]
    )

    assert "updated 1" in result.output
    assert (
        db.session.query(Case).filter_by(reference="D1000006").one().custody_status
        == "community"
    )
