from tickets.models import Ticket
from tickets.routing import learning
from tickets.routing.suggestions import suggest


def _codes(result):
    return [d.code for d in result.departments]


def test_a_street_light_letter_goes_to_the_lighting_office_with_reasons(catalogue):
    result = suggest(title="门口路灯不亮", content="小区门口的路灯坏了一周，晚上很黑", address="裕华区东苑街道翟营大街12号")
    best = result.best
    assert best.code == "urban_lighting"
    assert any("路灯" in reason and "路灯管理处" in reason for reason in best.reasons)
    assert 0 < best.score <= 1
    assert result.categories[0].code == "300200"


def test_the_given_category_is_a_reason_named_as_category_to_unit(catalogue):
    result = suggest(title="有个问题", content="请尽快处理", category="300200")
    assert result.best.code == "urban_lighting"
    assert "分类：路灯照明 → 路灯管理处" in result.best.reasons
    assert result.categories[0].code == "300200"


def test_an_area_entry_counts_only_where_the_address_lies(catalogue):
    here = suggest(title="楼道堆满杂物", content="老旧小区没有物业，楼道里堆满了杂物", address="裕华区东苑街道东苑小区")
    assert "street_yuhua_dongyuan" in _codes(here)[:3]
    street = next(d for d in here.departments if d.code == "street_yuhua_dongyuan")
    assert "地址属裕华区东苑街道" in street.reasons
    elsewhere = suggest(title="楼道堆满杂物", content="老旧小区没有物业，楼道里堆满了杂物", address="新华区合作路街道")
    assert "street_yuhua_dongyuan" not in _codes(elsewhere)


def test_the_knowledge_base_owning_unit_is_suggested_through_the_hook(catalogue, knowledge):
    result = suggest(title="护照怎么办", content="出国旅游需要办理护照，去哪里办")
    assert result.best.code == "psb_exit_entry"
    assert result.kb and all(0 < k.score <= 1 for k in result.kb)
    assert any("知识库" in reason for d in result.departments for reason in d.reasons)


def test_empty_and_emoji_only_letters_get_empty_suggestions(catalogue):
    for title, content in [("", ""), ("😀😀", "🙏🙏🙏"), ("   ", "\n\t")]:
        result = suggest(title=title, content=content)
        assert (result.departments, result.categories, result.kb) == ([], [], [])


def test_a_hundred_thousand_characters_are_read_without_failing(catalogue):
    result = suggest(title="路灯", content="路灯不亮" * 25_000)
    assert result.best.code == "urban_lighting"


def test_closed_tickets_of_the_category_are_counted_as_a_reason(catalogue, make_ticket, users):
    from django.utils import timezone

    from tickets.models import Category, Department, Status

    lighting, category = Department.objects.get(code="urban_lighting"), Category.objects.get(code="300200")
    for _ in range(3):
        ticket = make_ticket(channel="phone").ticket
        Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED, lead_department=lighting, category=category,
                                                   resolved_at=timezone.now())
    result = suggest(title="路灯不亮", content="门口路灯坏了")
    assert "近90天同类工单 3 件由该单位办结" in result.best.reasons


def _history(units_and_texts):
    from tickets.models import Department, Status

    departments = {d.code: d for d in Department.objects.all()}
    for i, (unit, title, content) in enumerate(units_and_texts):
        Ticket.objects.create(letter_number=f"20260101{i:07d}", password_hash="x", channel="phone", type="help",
                              title=title, content=content, status=Status.ACCEPTED, lead_department=departments[unit])


def test_the_model_learns_where_dispatchers_really_send_a_matter(reference_data):
    # No catalogue at all: only what the dispatchers did. 井盖 letters went to the water bureau.
    _history([("water", f"井盖松动{i}", "路上的井盖一踩就晃，发出哐当声") for i in range(15)]
             + [("transport", f"公交晚点{i}", "公交车等了四十分钟也不来") for i in range(15)])
    row = learning.retrain()
    assert row is not None and row.samples == 30 and row.classes == 2
    result = suggest(title="井盖响", content="家门口井盖松了，车一过就哐当响")
    assert result.best.code == "water"
    assert any(reason.startswith("派单学习") for reason in result.best.reasons)


def test_an_approved_return_teaches_the_model_that_the_unit_was_wrong(reference_data, users):
    from tickets.services import transitions

    _history([("water", f"排水{i}", "雨水口堵了积水") for i in range(12)]
             + [("transport", f"道路{i}", "路面坑洼不平") for i in range(12)])
    learning.retrain()
    ticket = Ticket.objects.create(letter_number="202602020000001", password_hash="x", channel="phone", type="help",
                                   title="井盖丢了", content="井盖不见了留下一个洞")
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="water")
    users["housing1"].department.code  # noqa: B018 — demo handler exists
    from tickets.models import Department, User

    handler = User.objects.create(username="water1", role="handler", department=Department.objects.get(code="water"))
    transitions.request_return(ticket.pk, by=handler, reason="井盖不归我们管")
    transitions.approve_return(ticket.pk, by=users["dispatcher1"])
    positives, negatives = learning.training_examples()
    assert [n.unit for n in negatives] == ["water"]
    assert len(positives) == 24


def test_too_little_history_trains_no_model(reference_data):
    _history([("water", "排水", "雨水口堵了")] * 3)
    assert learning.retrain() is None
    assert learning.current_model() is None
