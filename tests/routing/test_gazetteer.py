from tickets.gazetteer import Place, locate


def test_an_address_names_its_district_and_street():
    assert locate("石家庄市裕华区东苑街道翟营大街12号") == Place("裕华区", "东苑街道")


def test_a_street_said_without_its_district_still_finds_the_district():
    assert locate("东苑街道办旁边的小区") == Place("裕华区", "东苑街道")


def test_a_district_without_a_street_gives_only_the_district():
    assert locate("长安区中山东路100号") == Place("长安区", "")  # a road is not its street office
    assert locate("桥西区某某小区3号楼") == Place("桥西区", "")


def test_a_landmark_places_an_address_in_its_district():
    assert locate("北国商城门口").district == "长安区"


def test_a_street_of_another_district_is_not_taken_for_this_one():
    # 东苑街道 is in 裕华区: written after 长安区 it is not believed.
    assert locate("长安区东苑街道") == Place("长安区", "")


def test_an_unknown_or_empty_address_gives_no_place():
    assert not locate("")
    assert not locate("北京市朝阳区三里屯")
    assert not locate("😀😀😀")


def test_intake_fills_district_and_street_from_the_address(make_ticket):
    ticket = make_ticket(address="裕华区东苑街道翟营大街12号").ticket
    assert (ticket.district, ticket.street) == ("裕华区", "东苑街道")


def test_intake_reads_the_place_from_the_letter_when_no_address_is_given(make_ticket):
    ticket = make_ticket(address="", content="新华区革新街街道那边的路灯坏了").ticket
    assert (ticket.district, ticket.street) == ("新华区", "革新街街道")
