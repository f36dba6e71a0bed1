"""The fast one-letter TF-IDF row is the row scikit-learn's own transform gives."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from tickets.routing import text as routing_text
from tickets.routing.vectors import Encoder, encoder_for

DOCUMENTS = ["路灯不亮 路灯 照明 夜间", "公积金提取 住房公积金 离职提取", "噪音扰民 装修噪音 夜间施工",
             "养老金 退休 认证", "井盖松动 井盖丢失 道路"]
LETTERS = ["门口路灯不亮好几天了", "公积金怎么提取？离职了", "楼上装修噪音太大，晚上还在施工，路灯也坏了",
           "完全无关的话：天气不错", "", "😀😀", "路灯路灯路灯路灯"]


@pytest.mark.parametrize("options", [
    {"sublinear_tf": True},  # the catalogue's
    {"sublinear_tf": True, "max_features": 40, "dtype": np.float32},  # the learned model's
    {"sublinear_tf": False, "norm": "l1"},
    {"sublinear_tf": False, "norm": None},
])
def test_the_encoder_gives_the_row_transform_gives(options):
    vectorizer = TfidfVectorizer(analyzer=routing_text.features, min_df=1, **options).fit(DOCUMENTS)
    encode = Encoder(vectorizer)
    for letter in LETTERS:
        expected, row = vectorizer.transform([letter]), encode(letter)
        assert row.shape == expected.shape and row.dtype == expected.dtype
        np.testing.assert_allclose(row.toarray(), expected.toarray(), rtol=1e-5, atol=1e-7)


def test_a_letter_with_no_known_feature_is_an_empty_row():
    vectorizer = TfidfVectorizer(analyzer=routing_text.features, sublinear_tf=True).fit(DOCUMENTS)
    assert encoder_for(vectorizer)("天气不错").nnz == 0


def test_one_encoder_per_fitted_vectorizer():
    vectorizer = TfidfVectorizer(analyzer=routing_text.features).fit(DOCUMENTS)
    assert encoder_for(vectorizer) is encoder_for(vectorizer)
    assert encoder_for(TfidfVectorizer(analyzer=routing_text.features).fit(DOCUMENTS)) is not encoder_for(vectorizer)


def test_a_vectorizer_the_encoder_cannot_reproduce_is_refused():
    with pytest.raises(ValueError):
        Encoder(TfidfVectorizer(analyzer=routing_text.features, binary=True).fit(DOCUMENTS))
