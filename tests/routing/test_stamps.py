"""Per-process caches of the catalogue index and the learned model follow version stamps: a change
committed in another process is seen on the next suggestion, not after a timer."""

from django.core.cache import cache

from tickets.models import CatalogueEntry, DispatchModel
from tickets.routing import learning, stamps
from tickets.routing.catalogue import catalogue_index


def _other_process_bumps(name: str) -> None:
    """What another process's committed edit leaves in the shared cache."""
    cache.set(stamps.KEY.format(name), object.__hash__(object()))


def test_a_catalogue_edit_from_another_process_is_seen_through_the_stamp(catalogue):
    before = catalogue_index()
    entry = CatalogueEntry.objects.filter(is_active=True).first()
    # Another process switched an entry off (its signal never reaches this process) …
    CatalogueEntry.objects.filter(pk=entry.pk).update(is_active=False)
    assert catalogue_index() is before  # … unseen while the stamp stands (and the timer has not run out)
    _other_process_bumps(stamps.CATALOGUE)
    after = catalogue_index()
    assert after is not before and entry.pk not in {e.id for e in after.entries}
    assert catalogue_index() is after  # one rebuild per stamp


def test_a_model_retrained_in_another_process_is_loaded_through_the_stamp(reference_data):
    from tests.routing.test_suggestions import _history

    _history([("water", f"井盖松动{i}", "路上的井盖一踩就晃") for i in range(12)]
             + [("transport", f"公交晚点{i}", "公交车等了四十分钟也不来") for i in range(12)])
    first = learning.retrain()
    assert learning.current_model() is not None and learning.loaded_model_id() == first.pk
    # Another process stored a newer model: a copy of the row, without this process's signal.
    newer = DispatchModel.objects.bulk_create([DispatchModel(
        samples=first.samples, classes=first.classes, payload=first.payload, metrics={})])[0]
    learning.current_model()
    assert learning.loaded_model_id() == first.pk
    _other_process_bumps(stamps.MODEL)
    learning.current_model()
    assert learning.loaded_model_id() == newer.pk


def test_an_edit_moves_the_stamp_only_once_committed(catalogue, django_capture_on_commit_callbacks):
    (before,) = stamps.read(stamps.CATALOGUE)
    entry = CatalogueEntry.objects.filter(is_active=True).first()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry.keywords += "，新关键词"
        entry.save()
        assert stamps.read(stamps.CATALOGUE) == (before,)
    for callback in callbacks:
        callback()
    (after,) = stamps.read(stamps.CATALOGUE)
    assert after is not None and after != before
