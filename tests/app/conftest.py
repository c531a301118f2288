"""AppTest helpers: open a page through app.py (so the shared sidebar and config run too)."""

import json
import os
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

# Importing torch on a shared 2-core machine can take a while: be generous.
TIMEOUT = 90
APP = str(Path(__file__).resolve().parents[2] / "app.py")
# AppTest never fires a fragment's timer: let each run wait for the training chunk under way
# (a worker process trains it), so every run while training is on takes in one.
os.environ.setdefault("NNVIZ_JOB_WAIT", str(TIMEOUT))


def open_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    """Run app.py, then switch to `page` (e.g. "app_pages/house.py"), failing on any exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "app_pages/home.py":
        at.switch_page(page).run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def chart_spec(element) -> dict:
    return json.loads(element.proto.spec)


def chart_data(element, index: int = 0):
    """The pandas frame behind a chart's index-th dataset."""
    return pa.ipc.open_stream(element.proto.datasets[index].data.data).read_pandas()


def named_data(at: AppTest, name: str) -> list:
    """Every chart dataset called `name` on the page, as pandas frames, in page order."""
    return [pa.ipc.open_stream(dataset.data.data).read_pandas()
            for element in charts(at) for dataset in element.proto.datasets
            if dataset.name == name]


@pytest.fixture
def page():
    return open_page


def train_live(at: AppTest, key: str, limit: int = 200):
    """Click Train and rerun, as the page's timer would, until the run is done: every chunk
    arrives through the page (so its replay has every frame). Returns the session's Trainer."""
    at.button(key=f"{key}_train").click().run()
    trainer = at.session_state[f"{key}__net"]
    for _ in range(limit):
        if trainer.finished:
            break
        at.run()
    assert_clean(at)
    assert trainer.finished
    return trainer


def torch_twin(net):
    """The engine's torch model with a page network's weights: an independent reference for
    the numbers the page computes with numpy."""
    from nnviz.core.engine import Trainer

    twin = Trainer(net.spec, net.config, *(None if a is None else a.copy() for a in net.data()))
    twin.restore(net.saved)
    return twin


def torch_hidden(model, x, max_per_layer: int):
    """The first `max_per_layer` nodes of every hidden layer, side by side, computed by running
    the torch model's layers one by one."""
    import numpy as np
    import torch

    h, columns = torch.as_tensor(np.asarray(x, dtype=np.float32)), []
    with torch.inference_mode():
        for layer in model:
            h = layer(h)
            if isinstance(layer, torch.nn.ReLU | torch.nn.Tanh | torch.nn.Sigmoid):
                columns.append(h.numpy()[:, :max_per_layer])
    return np.column_stack(columns)


def replay_payload(at: AppTest) -> tuple[dict, dict]:
    """The replay component's header and arrays, as the browser receives them."""
    from nnviz.ui.replay import decode

    return decode(at.get("bidi_component")[0].proto.bytes)
