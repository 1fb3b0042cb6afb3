from duty.cases.models import Case, Representative, find_establishment
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


REPRESENTATIVES = (
    "reference,organisation,contact_name,their_reference,phone,fax,current\n"
)


def _write_representatives(tmp_path, rows: str):
    path = tmp_path / "representatives.csv"
    path.write_text(REPRESENTATIVES + rows, encoding="utf-8")
    return str(path)


def test_representatives_import_twice_changes_nothing(world, app, tmp_path):
    reference = world.case.reference
    path = _write_representatives(
        tmp_path,
        f"{reference},Harrow & Co Solicitors,Ruth Greene,HC/0042,0161 496 0101,,yes\n"
        f"{reference.lower()},Northern Law Centre,,NLC 7,0161 496 0202,0161 496 0203,no\n",
    )
    runner = app.test_cli_runner()

    first = runner.invoke(args=["import-representatives", path])
    second = runner.invoke(args=["import-representatives", path])

    representatives = db.session.query(Representative).filter_by(case_id=world.case.id)
    by_reference = {rep.their_reference: rep for rep in representatives}
    assert "Created 2, updated 0, unchanged 0, rejected 0" in first.output
    assert "Created 0, updated 0, unchanged 2, rejected 0" in second.output
    assert by_reference["HC/0042"].current is True
    assert by_reference["HC/0042"].reference_key == "hc0042"
    assert by_reference["NLC 7"].current is False
    assert by_reference["NLC 7"].fax_on_record == "0161 496 0203"


def test_representatives_import_updates_by_their_reference(world, app, tmp_path):
    reference = world.case.reference
    runner = app.test_cli_runner()
    runner.invoke(
        args=[
            "import-representatives",
            _write_representatives(
                tmp_path, f"{reference},Harrow & Co,,HC/0042,0161 496 0101,,\n"
            ),
        ]
    )

    result = runner.invoke(
        args=[
            "import-representatives",
            _write_representatives(
                tmp_path, f"{reference},Harrow & Co,,hc-0042,0161 496 0999,,\n"
            ),
        ]
    )

    rep = db.session.query(Representative).filter_by(case_id=world.case.id).one()
    assert "Created 0, updated 1, unchanged 0, rejected 0" in result.output
    assert rep.phone_on_record == "0161 496 0999"


def test_representatives_import_reports_each_rejected_row(world, app, tmp_path):
    reference = world.case.reference
    path = _write_representatives(
        tmp_path,
        "Z9999999,Harrow & Co,,HC/1,0161 496 0101,,\n"
        f"{reference},,,HC/2,0161 496 0101,,\n"
        f"{reference},Harrow & Co,,HC/3,0161 496 0101,,perhaps\n",
    )

    result = app.test_cli_runner().invoke(args=["import-representatives", path])

    assert "rejected 3" in result.output
    assert (
        "Row 2: no case with reference 'Z9999999'; import the case first"
        in result.output
    )
    assert "Row 3: missing organisation" in result.output
    assert "Row 4: current 'perhaps' is not yes or no" in result.output
    assert (
        db.session.query(Representative).filter_by(case_id=world.case.id).count() == 0
    )


def test_import_same_reference_twice_in_one_file(world, app, tmp_path):
    path = _write(
        tmp_path,
        f"D1000009,Ana,Lima,1981-07-09,Portuguese,{NW},community,\n"
        f"D1000009,Ana,Lima,1981-07-09,Portuguese,{NW},prison,\n",
    )

    result = app.test_cli_runner().invoke(args=["import-cases", path])

    case = db.session.query(Case).filter_by(reference="D1000009").one()
    assert "Created 1, updated 1, unchanged 0, rejected 0" in result.output
    assert case.custody_status == "prison"


ESTABLISHMENTS = "name,kind,address,postcode,fax\n"


def test_establishments_import_twice_changes_nothing(world, app, tmp_path):
    path = tmp_path / "establishments.csv"
    path.write_text(
        ESTABLISHMENTS
        + "HMP Eastwick,prison,Eastwick Road|Leeds,ls9 9xx,0113 496 0102\n"
        + "Fenwick IRC,removal_centre,Fenwick Way|Crawley,RH10 9XX,\n",
        encoding="utf-8",
    )
    runner = app.test_cli_runner()

    first = runner.invoke(args=["import-establishments", str(path)])
    second = runner.invoke(args=["import-establishments", str(path)])

    eastwick = find_establishment("hmp eastwick")
    assert "Created 2, updated 0, unchanged 0, rejected 0" in first.output
    assert "Created 0, updated 0, unchanged 2, rejected 0" in second.output
    assert eastwick.address == "Eastwick Road\nLeeds"
    assert eastwick.postcode == "LS9 9XX"
    assert find_establishment("Fenwick IRC").fax is None


def test_establishments_import_reports_each_rejected_row(world, app, tmp_path):
    path = tmp_path / "establishments.csv"
    path.write_text(
        ESTABLISHMENTS
        + "HMP Eastwick,hospital,Eastwick Road|Leeds,LS9 9XX,\n"
        + "HMP Westwick,prison,,LS9 9XX,\n",
        encoding="utf-8",
    )

    result = app.test_cli_runner().invoke(args=["import-establishments", str(path)])

    assert "rejected 2" in result.output
    assert (
        "Row 2: kind 'hospital' is not one of prison, removal_centre" in result.output
    )
    assert "Row 3: missing address" in result.output
