"""Staff ticket search: what finds a ticket, in which order, and who may search by what."""

import pytest

from tickets.models import Ticket
from tickets.search import RANKING, TicketFilters, search

pytestmark = pytest.mark.django_db


def found(user, q, **filters):
    return [t.pk for t in search(Ticket.objects.all(), TicketFilters(q=q, **filters), user).order_by(*RANKING)]


@pytest.fixture
def dispatcher(users):
    return users["dispatcher1"]


@pytest.fixture
def fund(indexed):
    return indexed(title="住房公积金提取", content="离职后想把住房公积金取出来，需要什么材料。",
                   name="王五", phone="13700001111")


@pytest.fixture
def light(indexed):
    return indexed(title="小区门口路灯不亮", content="裕华路12号小区门口的路灯坏了一周，晚上很黑。")


@pytest.mark.parametrize("q", ["公积金提取", "提取公积金", "公积金怎么提取", "请问住房公积金如何提取"])
def test_words_in_any_order_and_question_forms_find_the_ticket(dispatcher, fund, light, q):
    assert found(dispatcher, q) == [fund.pk]


@pytest.mark.parametrize("q", ["路灯不亮找谁", "路灯不亮", "不亮的路灯", "路灯"])
def test_a_question_about_a_street_light_finds_the_street_light_ticket(dispatcher, fund, light, q):
    assert found(dispatcher, q) == [light.pk]


def test_a_synonym_finds_the_ticket(dispatcher, indexed):
    ticket = indexed(title="社会保险断缴怎么补", content="换工作中间断了两个月。")
    assert found(dispatcher, "社保断缴") == [ticket.pk]


def test_a_query_of_fillers_or_emoji_finds_nothing_and_never_fails(dispatcher, fund):
    assert found(dispatcher, "😀😀") == []
    assert found(dispatcher, "?!，。") == []


def test_when_no_ticket_has_every_word_those_with_most_of_them_come_first(dispatcher, fund, light):
    assert found(dispatcher, "公积金 火星")[0] == fund.pk


def test_letter_number_is_found_whole_or_by_any_six_consecutive_digits(dispatcher, fund, light):
    number = fund.letter_number
    assert found(dispatcher, number) == [fund.pk]
    assert found(dispatcher, number[-7:]) == [fund.pk]
    assert found(dispatcher, number[-6:]) == [fund.pk]
    assert fund.pk not in found(dispatcher, number[-5:])  # five digits are not a letter-number search


def test_whole_phone_number_finds_the_callers_tickets_however_typed(dispatcher, fund, light):
    for q in ("13700001111", "137-0000-1111", "+86 13700001111", "8613700001111"):
        assert found(dispatcher, q) == [fund.pk], q


def test_a_landline_is_found_in_any_of_its_written_forms(dispatcher, indexed):
    ticket = indexed(title="供暖不热", phone="0311-86001001")
    for q in ("031186001001", "(0311) 8600 1001", "86001001", "０３１１－８６００１００１"):
        assert found(dispatcher, q) == [ticket.pk], q


def test_last_four_digits_of_the_phone_only_together_with_another_filter(dispatcher, fund, light):
    assert found(dispatcher, "1111") == []
    assert found(dispatcher, "1111", types=["complaint"]) == [fund.pk]


def test_citizen_name_finds_the_ticket_for_hotline_staff(dispatcher, fund, light):
    assert found(dispatcher, "王五") == [fund.pk]


def test_a_department_cannot_find_tickets_by_the_citizens_name_or_phone(users, fund):
    from tickets.services import transitions

    transitions.dispatch(fund.pk, by=users["dispatcher1"], department="housing")
    handler = users["housing1"]
    assert found(handler, "住房公积金") == [fund.pk]
    assert found(handler, "王五") == []
    assert found(handler, "13700001111") == []


def test_reply_text_internal_notes_and_supplements_are_searchable_after_commit(
        dispatcher, users, light, django_capture_on_commit_callbacks):
    from tickets.services import actions, intake, transitions

    with django_capture_on_commit_callbacks(execute=True):
        intake.append_to_ticket(light.pk, text="补充：灯杆编号 YH-0815")
        transitions.dispatch(light.pk, by=dispatcher, department="housing")
        transitions.accept(light.pk, by=users["housing1"])
        actions.add_note(light.pk, by=dispatcher, text="已电话联系物业经理")
        transitions.reply(light.pk, by=users["housing1"], text="已安排电工更换镇流器")
    assert found(dispatcher, "镇流器") == [light.pk]
    assert found(dispatcher, "物业经理") == [light.pk]
    assert found(dispatcher, "灯杆编号") == [light.pk]


def test_the_index_is_not_touched_by_a_rolled_back_change(dispatcher, light, django_capture_on_commit_callbacks):
    from django.db import transaction

    from tickets.services import actions

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.add_note(light.pk, by=dispatcher, text="撤回的镇流器备注")
            raise RuntimeError
    assert found(dispatcher, "镇流器") == []


def test_a_title_match_ranks_above_a_content_match_and_equals_come_newest_first(dispatcher, indexed):
    in_content = indexed(title="小区问题反映", content="楼下噪音很大，晚上睡不着。")
    in_title_old = indexed(title="噪音扰民", content="晚上睡不着。")
    in_title_new = indexed(title="噪音扰民", content="晚上睡不着。")
    assert found(dispatcher, "噪音") == [in_title_new.pk, in_title_old.pk, in_content.pk]


def test_filters_combine_with_the_search(dispatcher, indexed):
    web = indexed(title="地铁施工噪音", channel="web")
    phone = indexed(title="地铁施工噪音", channel="phone")
    assert found(dispatcher, "地铁", channels=["phone"]) == [phone.pk]
    assert set(found(dispatcher, "地铁")) == {web.pk, phone.pk}


@pytest.fixture
def small_cap(rank_cap):
    rank_cap(3)


def test_a_common_word_ranks_the_newest_matches_up_to_the_cap(dispatcher, indexed, small_cap):
    old_title = indexed(title="地铁站噪音", content="晚上施工。")
    in_content = [indexed(title=f"小区问题{i}", content="门口地铁施工。") for i in range(3)]
    in_title = indexed(title="地铁施工扰民", content="地铁站施工。")
    others = [indexed(title="路灯不亮", content="晚上很黑。") for _ in range(6)]
    # The newest three matches, ranked: the title match first. The older title match is past the cap
    # although it would rank high. (The body matches differ a little: intake notes them as repeats.)
    results = found(dispatcher, "地铁")
    assert results[0] == in_title.pk
    assert set(results[1:]) == {in_content[2].pk, in_content[1].pk}
    assert old_title.pk not in results and others


def test_filters_narrow_the_candidates_before_the_cap(dispatcher, indexed, small_cap):
    old = indexed(title="地铁站噪音", channel="web")
    newer = [indexed(title="地铁站噪音", channel="phone") for _ in range(4)]
    assert old.pk not in found(dispatcher, "地铁")
    assert found(dispatcher, "地铁", channels=["web"]) == [old.pk]
    assert len(found(dispatcher, "地铁", channels=["phone"])) == 3 and newer


def test_a_rare_word_is_found_however_old_among_many_newer_tickets(dispatcher, indexed, small_cap):
    rare = indexed(title="化粪池满溢", content="小区化粪池堵了。")
    for i in range(12):
        indexed(title=f"地铁施工{i}", content="晚上很吵。")
    assert found(dispatcher, "化粪池") == [rare.pk]


def test_the_reindex_command_rebuilds_the_index_in_chunks(dispatcher, fund, light):
    from django.core.management import call_command

    from tickets.models import TicketSearchEntry

    TicketSearchEntry.objects.all().delete()
    assert found(dispatcher, "公积金") == []
    call_command("tickets_reindex", "--missing", "--chunk-size", "1", verbosity=0)
    assert TicketSearchEntry.objects.count() == 2
    call_command("tickets_reindex", "--chunk-size", "1", verbosity=0)
    assert found(dispatcher, "公积金") == [fund.pk]
    assert found(dispatcher, "路灯") == [light.pk]
