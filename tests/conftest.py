import pytest

from tests.fixtures.bundle import write_bundle


@pytest.fixture
def bundle_dir(tmp_path):
    """A fresh copy of the synthetic bundle (tests may edit it)."""
    return write_bundle(tmp_path / "bundle")


@pytest.fixture
def loaded(db, bundle_dir):
    """The synthetic bundle loaded into the test database."""
    from samenspel.atlas.loading import load_bundle

    return load_bundle(bundle_dir)
