"""The dispatch model learned from what the city's dispatchers actually did.

Training examples are tickets whose lead unit is settled — signed for, answered or closed, so the
unit that finally handled it after any returns and reassignments — labelled with that unit; a
return a dispatcher approved is a *negative* example: "this text did not belong to that unit". A
one-vs-rest set of scikit-learn logistic regressions over jieba word and character-pair features
(TF-IDF) learns both: each unit's model sees its own tickets as positives and every other unit's
tickets plus the tickets it rightly returned as negatives. A second, multinomial model suggests the
category from the same features.

The fitted model is pickled into ``DispatchModel`` (the database), so every web process and worker
uses the same one; ``retrain`` runs as a periodic task (celery beat, or the embedded scheduler).
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from tickets.models import DispatchModel, RoutingSettings, Status, Ticket, TicketEvent
from tickets.routing import stamps
from tickets.routing import text as routing_text
from tickets.routing.vectors import encoder_for

log = logging.getLogger(__name__)

SETTLED = (Status.ACCEPTED, Status.REPLIED, Status.RESOLVED, Status.CLOSED)
MIN_SAMPLES = 20
MAX_SAMPLES = 60000
MAX_FEATURES = 40000
KEEP_MODELS = 3
RELOAD_SECONDS = 30.0


@dataclass
class TrainedModel:
    vectorizer: object
    units: list[str]
    unit_weights: np.ndarray  # (units, features) float32
    unit_bias: np.ndarray
    categories: list[str] = field(default_factory=list)
    category_weights: np.ndarray | None = None
    category_bias: np.ndarray | None = None
    samples: int = 0

    def vector(self, text: str):
        return encoder_for(self.vectorizer)(text)

    def unit_probabilities(self, vector) -> dict[str, float]:
        """Each unit's own probability that the letter is theirs (one-vs-rest, 0..1 each)."""
        scores = np.asarray(vector @ self.unit_weights.T).ravel() + self.unit_bias
        probabilities = 1.0 / (1.0 + np.exp(-scores))
        return dict(zip(self.units, probabilities.tolist()))

    def category_probabilities(self, vector) -> dict[str, float]:
        if self.category_weights is None:
            return {}
        scores = np.asarray(vector @ self.category_weights.T).ravel() + self.category_bias
        scores = np.exp(scores - scores.max())
        return dict(zip(self.categories, (scores / scores.sum()).tolist()))


def letter_text(title: str, content: str) -> str:
    return f"{title} {title} {content}"


@dataclass(frozen=True)
class Example:
    text: str
    unit: str
    category: str = ""


def training_examples(since=None) -> tuple[list[Example], list[Example]]:
    """(positives, negatives) from the database: settled tickets and approved returns."""
    settings = RoutingSettings.current()
    since = since or timezone.now() - timedelta(days=settings.history_days)
    rows = (Ticket.objects.filter(status__in=SETTLED, lead_department__isnull=False, created_at__gte=since)
            .order_by("-created_at").values_list("title", "content", "lead_department__code", "category__code")
            [:MAX_SAMPLES])
    positives = [Example(letter_text(t, c[:routing_text.MAX_CHARS]), unit, category or "")
                 for t, c, unit, category in rows]
    returns = (TicketEvent.objects.filter(transition="approve_return", department__isnull=False,
                                          created_at__gte=since)
               .order_by("-id").values_list("ticket__title", "ticket__content", "department__code")[:MAX_SAMPLES])
    negatives = [Example(letter_text(t, c[:routing_text.MAX_CHARS]), unit) for t, c, unit in returns]
    return positives, negatives


def fit(positives: list[Example], negatives: list[Example] = ()) -> TrainedModel | None:
    """Fit the model on examples; None when there is too little to learn from."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    units = sorted({example.unit for example in positives})
    if len(positives) < MIN_SAMPLES or len(units) < 2:
        return None
    vectorizer = TfidfVectorizer(analyzer=routing_text.features, sublinear_tf=True, min_df=1,
                                 max_features=MAX_FEATURES, dtype=np.float32)
    x_pos = vectorizer.fit_transform([example.text for example in positives])
    x_neg = vectorizer.transform([example.text for example in negatives]) if negatives else None
    labels = np.array([example.unit for example in positives])
    neg_labels = np.array([example.unit for example in negatives])
    from scipy.sparse import vstack

    weights = np.zeros((len(units), x_pos.shape[1]), dtype=np.float32)
    bias = np.zeros(len(units), dtype=np.float32)
    for i, unit in enumerate(units):
        x, y = x_pos, (labels == unit).astype(int)
        if x_neg is not None and (neg_labels == unit).any():
            x = vstack([x_pos, x_neg[neg_labels == unit]])
            y = np.concatenate([y, np.zeros(int((neg_labels == unit).sum()), dtype=int)])
        model = LogisticRegression(C=8.0, class_weight="balanced", max_iter=300, solver="liblinear")
        model.fit(x, y)
        weights[i], bias[i] = model.coef_[0], model.intercept_[0]
    trained = TrainedModel(vectorizer=vectorizer, units=units, unit_weights=weights, unit_bias=bias,
                           samples=len(positives))
    with_category = [(i, e.category) for i, e in enumerate(positives) if e.category]
    if len({c for _, c in with_category}) >= 2:
        rows = [i for i, _ in with_category]
        model = LogisticRegression(C=8.0, max_iter=300)
        model.fit(x_pos[rows], [c for _, c in with_category])
        trained.categories = list(model.classes_)
        coef = model.coef_ if len(model.classes_) > 2 else np.vstack([-model.coef_[0], model.coef_[0]])
        intercept = model.intercept_ if len(model.classes_) > 2 else np.array([-model.intercept_[0],
                                                                               model.intercept_[0]])
        trained.category_weights, trained.category_bias = coef.astype(np.float32), intercept.astype(np.float32)
    return trained


def retrain() -> DispatchModel | None:
    """Train on the current history and store the model; keeps the last few."""
    started = time.perf_counter()
    positives, negatives = training_examples()
    trained = fit(positives, negatives)
    if trained is None:
        log.info("dispatch model not trained: %d settled tickets (need %d)", len(positives), MIN_SAMPLES)
        return None
    row = DispatchModel.objects.create(
        samples=len(positives), classes=len(trained.units), negatives=len(negatives),
        payload=pickle.dumps(trained, protocol=pickle.HIGHEST_PROTOCOL),
        metrics={"seconds": round(time.perf_counter() - started, 2), "features": int(trained.unit_weights.shape[1])},
    )
    stale = list(DispatchModel.objects.order_by("-trained_at", "-id").values_list("id", flat=True)[KEEP_MODELS:])
    DispatchModel.objects.filter(pk__in=stale).delete()
    return row


_lock = threading.Lock()
_loaded: tuple[int, TrainedModel] | None = None
_loaded_stamp: object = None
_checked_at = float("-inf")
_NOT_READ = object()


def current_model(stamp=_NOT_READ) -> TrainedModel | None:
    """The newest stored model, loaded once per process. A retrain moves the model's stamp
    (tickets.routing.stamps): every process looks for the new row on its next call; a row stored
    any other way is picked up within RELOAD_SECONDS. ``stamp``: the caller already read it."""
    global _loaded, _loaded_stamp, _checked_at
    if stamp is _NOT_READ:
        (stamp,) = stamps.read(stamps.MODEL)
    now = time.monotonic()
    if _loaded is not None and _loaded_stamp == stamp and now - _checked_at < RELOAD_SECONDS:
        return _loaded[1]
    with _lock:
        _checked_at, _loaded_stamp = now, stamp
        newest = DispatchModel.objects.order_by("-trained_at", "-id").values_list("id", flat=True).first()
        if newest is None:
            _loaded = None
            return None
        if _loaded is None or _loaded[0] != newest:
            payload = DispatchModel.objects.filter(pk=newest).values_list("payload", flat=True).first()
            try:
                _loaded = (newest, pickle.loads(bytes(payload)))
            except Exception:  # noqa: BLE001 — a model pickled by another library version: route without it
                log.exception("dispatch model %s could not be loaded", newest)
                _loaded = None
                return None
        return _loaded[1]


def loaded_model_id() -> int | None:
    """The ``DispatchModel`` row the last ``current_model()`` answered with (None: no model)."""
    loaded = _loaded
    return loaded[0] if loaded is not None else None


def forget_loaded_model() -> None:
    global _loaded, _checked_at
    _loaded, _checked_at = None, float("-inf")


@receiver(post_save, sender=DispatchModel)
def _model_saved(**kwargs):
    forget_loaded_model()
    stamps.bump_on_commit(stamps.MODEL)
