"""Operations shared by the migrations that moved models out of ``applications`` into the
apps of their concepts (issue 10): the tables stay where they are, only Django's state
and the content types (so permissions, admin log entries and history keep pointing at
them) move."""

from __future__ import annotations

from django.db import migrations


def state_only(*operations: migrations.operations.base.Operation) -> migrations.SeparateDatabaseAndState:
    """The operations change Django's model state and never the database."""
    return migrations.SeparateDatabaseAndState(state_operations=list(operations))


def move_content_types(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """Re-label the moved models' content types. A fresh database has none yet (they are
    created after migrating), so this only acts on databases built before the move."""

    def forward(apps, schema_editor) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.using(schema_editor.connection.alias).filter(
            app_label=old_app, model__in=models
        ).update(app_label=new_app)

    def backward(apps, schema_editor) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.using(schema_editor.connection.alias).filter(
            app_label=new_app, model__in=models
        ).update(app_label=old_app)

    return migrations.RunPython(forward, backward, elidable=False)
