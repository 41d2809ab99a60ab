"""One upload limit: every check, the form label and the messages come from reference.limits."""

import pytest
from django.conf import settings
from django.utils import translation

from applications import xlsx_model
from applications.forms import DocumentForm
from reference import xlsx_safety
from reference.limits import MAX_UPLOAD_MB, MAX_UPLOAD_SIZE, MB
from reference.uploads import UploadRefused, check_upload_size


def test_every_check_uses_the_one_limit():
    assert MAX_UPLOAD_SIZE == MAX_UPLOAD_MB * MB == 25 * 1024 * 1024
    assert xlsx_safety.DEFAULT_MAX_SIZE == MAX_UPLOAD_SIZE
    assert xlsx_model.MAX_FILE_SIZE == MAX_UPLOAD_SIZE
    assert not hasattr(settings, "MAX_UPLOAD_SIZE")  # the unused setting is gone


def test_the_message_and_the_label_say_the_limit():
    check_upload_size(MAX_UPLOAD_SIZE)
    with pytest.raises(UploadRefused) as refused:
        check_upload_size(MAX_UPLOAD_SIZE + 1)
    assert refused.value.message == f"Файл больше {MAX_UPLOAD_MB} МБ"
    label = DocumentForm().fields["file"].label
    assert str(label) == f"Файл (до {MAX_UPLOAD_MB} МБ)"
    with translation.override("en"):
        assert str(label) == f"File (up to {MAX_UPLOAD_MB} MB)"
