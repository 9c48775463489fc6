"""core.web.declared_length: the body size a request announces, for refusing large uploads."""

from django.test import RequestFactory

from samenspel.core.web import declared_length


def test_declared_length_reads_content_length_and_counts_garbage_as_nothing():
    rf = RequestFactory()
    assert declared_length(rf.post("/", data=b"x" * 10, content_type="text/plain")) == 10
    assert declared_length(rf.get("/")) == 0  # no body announced
    assert declared_length(rf.post("/", CONTENT_LENGTH="tien")) == 0
    assert declared_length(rf.post("/", CONTENT_LENGTH="-5")) == 0
