"""What the server keeps per session: no copy of the trained model's file.

A session showing the Files tab of a 6 x 512 used to hand Streamlit the model's ~16 MB
``.keras`` file, which Streamlit keeps in memory for as long as the session lives (and
two minutes past its disconnect): 32 students, half a gigabyte. The download is now made
when clicked, from the engine's bounded caches or its store on disk.
"""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.helpers import app_test

WIDE = {"layers": "6", **{f"h{i}": "512" for i in range(1, 7)}, "epochs": "5", "tab": "Files"}


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """Everything the page hands Streamlit's media file manager: files kept in memory
    ("stored") and downloads made on a click ("deferred")."""
    handed: dict[str, list] = {"stored": [], "deferred": []}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def stored(self, path_or_data, *args, **kwargs):
        handed["stored"].append(path_or_data)
        return add(self, path_or_data, *args, **kwargs)

    def deferred(self, data_callable, *args, **kwargs):
        handed["deferred"].append(data_callable)
        return add_deferred(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", stored)
    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    return handed


def test_a_session_on_the_files_tab_keeps_no_copy_of_the_trained_file(fake_engine, media):
    at = app_test(WIDE).run()
    assert not at.exception
    model_file = fake_engine.train(fake_engine.trained[-1]).model_file
    assert len(model_file) > 1_000_000  # a 6 x 512's file: worth not keeping
    assert not [data for data in media["stored"] if len(data) >= len(model_file)]
    (make,) = media["deferred"]
    assert make() == model_file  # the click still downloads the very file shown
