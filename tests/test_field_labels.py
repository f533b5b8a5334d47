"""Every field of the project's models has a label of its own, marked for translation: admin
shows its columns, filters ("…で絞り込む") and form labels in the reader's language (issue
#15's tester found EVENT, EMPLOYER, RUN and "Created at" in the Japanese admin)."""

from __future__ import annotations

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise


def test_every_model_field_has_a_translatable_label() -> None:
    untranslated = []
    for model in apps.get_models():
        if model.__module__.startswith(("django.", "allauth.", "post_office.")):
            continue
        if hasattr(model, "instance_type"):  # simple_history's copies take the model's labels
            continue
        for field in model._meta.get_fields():
            if (field.auto_created and not field.concrete) or getattr(field, "primary_key", False):
                continue
            label = getattr(field, "verbose_name", None)
            if label is not None and not isinstance(label, Promise):
                untranslated.append(f"{model._meta.label}.{field.name}")
    assert untranslated == []


def test_the_labels_the_tester_met_read_in_japanese() -> None:
    from events.models import Exhibitor
    from internships.models import Outcome, Position

    with translation.override("ja"):
        labels = [
            str(Exhibitor._meta.get_field("event").verbose_name),
            str(Exhibitor._meta.get_field("employer").verbose_name),
            str(Outcome._meta.get_field("run").verbose_name),
            str(Position._meta.get_field("created_at").verbose_name),
        ]
    assert labels == ["イベント", "企業・団体", "マッチング", "作成日時"]
