"""The code behind a page: a runnable PyTorch script (and its Keras twin) for the settings shown.

    code = CodeSettings(spec, config, data_code=sklearn_data_code("make_moons", n_samples=300,
                        noise=0.2, random_state=0), normalization="standardize",
                        val_fraction=0.2)
    pytorch_script(code)   # a complete .py file
    keras_script(code)     # the talk's Sequential / Dense recipe in Keras

`data_code` is a snippet that defines `X` (rows by input columns) and `y` (targets; class
numbers 0, 1, ... for classifiers). The PyTorch script is the textbook loop with the engine's
exact recipe (seeded initialisation, a seeded DataLoader, the same split, normalization, loss
and optimizer, evaluated on the whole sets after each epoch), so it prints the numbers the page
drew, up to float rounding. Keras has its own initialisation and defaults, so its numbers are
close in kind, not equal. This module only writes text: no torch, no streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.core.spec import ACTIVATION_LAYERS, OPTIMIZER_LABELS, NetSpec, TrainConfig

_NORMALIZER = {"standardize": "StandardScaler", "minmax": "MinMaxScaler"}


@dataclass(frozen=True)
class CodeSettings:
    spec: NetSpec  # nnviz.core.spec is torch-free, like this module
    config: TrainConfig
    data_code: str
    normalization: str = "none"  # 'none' | 'standardize' | 'minmax'
    val_fraction: float = 0.2
    stratify: bool = True  # classifiers: keep class shares on both sides of the split
    print_every: int | None = None  # epochs between progress lines; None: about 20 lines
    stem: str = "nnviz"  # the scripts are saved as {stem}_pytorch.py and {stem}_keras.py


def script_filename(code: CodeSettings, framework: str) -> str:
    """The file a script is offered as, and the name its own 'Run:' line uses."""
    return f"{code.stem}_{'pytorch' if framework == 'PyTorch' else 'keras'}.py"


def sklearn_data_code(function: str, **kwargs) -> str:
    """'from sklearn.datasets import make_moons\\nX, y = make_moons(n_samples=300, ...)'."""
    args = ", ".join(f"{name}={value!r}" for name, value in kwargs.items())
    return f"from sklearn.datasets import {function}\n\nX, y = {function}({args})"


def _header(code: CodeSettings, framework: str) -> str:
    spec, cfg = code.spec, code.config
    layers = "-".join(str(n) for n in spec.layer_sizes)
    return (
        f'"""{framework} version of the nnviz network: {layers} nodes, {spec.activation} '
        f"hidden layers,\n{spec.recipe.output_activation} output and "
        f"{spec.recipe.loss_name} loss; {OPTIMIZER_LABELS[cfg.optimizer]} at learning rate "
        f"{cfg.lr:g},\n{cfg.epochs} epochs, batch size {cfg.batch_size}.\n\n"
        f"Run: python {script_filename(code, framework)}"
        f'\n"""\n'
    )


def _split_and_scale(code: CodeSettings) -> str:
    lines = []
    classify = code.spec.recipe.classifies
    if code.val_fraction > 0:
        stratify = ", stratify=y" if classify and code.stratify else ""
        lines.append("# Hold out rows the network never trains on, to check it on unseen data.")
        lines.append(
            f"X_train, X_val, y_train, y_val = train_test_split(\n"
            f"    X, y, test_size={code.val_fraction!r}, random_state=SEED{stratify})"
        )
    else:
        lines.append("# No validation rows: train on everything.")
        lines.append("X_train, y_train = X, y")
        lines.append("X_val, y_val = X[:0], y[:0]")
    if code.normalization in _NORMALIZER:
        scaler = _NORMALIZER[code.normalization]
        lines.append("")
        lines.append("# Normalize the inputs with numbers learned from the training rows only.")
        lines.append(f"scaler = {scaler}().fit(X_train)")
        lines.append("X_train = scaler.transform(X_train)")
        lines.append("if len(X_val):")
        lines.append("    X_val = scaler.transform(X_val)")
    return "\n".join(lines)


def _imports_for_prep(code: CodeSettings) -> list[str]:
    lines = []
    if code.val_fraction > 0:
        lines.append("from sklearn.model_selection import train_test_split")
    if code.normalization in _NORMALIZER:
        lines.append(f"from sklearn.preprocessing import {_NORMALIZER[code.normalization]}")
    return lines


def _print_every(code: CodeSettings) -> int:
    if code.print_every:
        return max(1, int(code.print_every))
    return max(1, code.config.epochs // 20)


def model_code(spec) -> str:
    """Just the network: `model = nn.Sequential(...)`, one line per layer."""
    lines = ["model = nn.Sequential("]
    sizes = spec.layer_sizes
    for n_in, n_out in zip(sizes[:-2], sizes[1:-1], strict=True):
        parts = [f"nn.Linear({n_in}, {n_out})", f"nn.{ACTIVATION_LAYERS[spec.activation]}()"]
        if spec.dropout > 0:
            parts.append(f"nn.Dropout({spec.dropout!r})")
        lines.append("    " + ", ".join(parts) + ",")
    out_note = {
        "regression": "the prediction (linear output)",
        "binary": "a score; sigmoid turns it into P(class 1)",
        "multiclass": "scores; softmax turns them into chances",
    }[spec.task]
    lines.append(f"    nn.Linear({sizes[-2]}, {sizes[-1]}),  # {out_note}")
    lines.append(")")
    return "\n".join(lines)


def _report_lines(every: int, metric_name: str) -> list[str]:
    line = [
        'print(f"epoch {epoch}  loss {train_loss:.6f}  val_loss {val_loss:.6f}  "',
        f'      f"{metric_name} {{train_metric:.4f}}  val_{metric_name} {{val_metric:.4f}}")',
    ]
    if every == 1:
        return ["    " + text for text in line]
    return [f"    if epoch % {every} == 0 or epoch == EPOCHS:", *("        " + t for t in line)]


def pytorch_script(code: CodeSettings) -> str:
    spec, cfg = code.spec, code.config
    task = spec.task
    loss_line = {
        "regression": "loss_fn = nn.MSELoss()  # mean squared error",
        "binary": "loss_fn = nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, in one "
                  "stable step",
        "multiclass": "loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy, "
                      "in one stable step",
    }[task]
    wd = f", weight_decay={cfg.weight_decay!r}" if cfg.weight_decay else ""
    optimizer = {
        "adam": f"torch.optim.Adam(model.parameters(), lr={cfg.lr!r}{wd})",
        "sgd": f"torch.optim.SGD(model.parameters(), lr={cfg.lr!r}{wd})",
        "momentum": f"torch.optim.SGD(model.parameters(), lr={cfg.lr!r}, "
                    f"momentum={cfg.momentum!r}{wd})",
    }[cfg.optimizer]
    if task == "multiclass":
        targets = "def as_targets(values):\n    return torch.tensor(values, dtype=torch.long)"
        metric_name, metric_expr = "accuracy", "(logits.argmax(dim=1) == targets).float().mean()"
    elif task == "binary":
        targets = ("def as_targets(values):\n"
                   "    return torch.tensor(values, dtype=torch.float32).reshape(-1, 1)")
        metric_name, metric_expr = "accuracy", "((logits > 0).float() == targets).float().mean()"
    else:
        targets = ("def as_targets(values):\n"
                   "    return torch.tensor(values, dtype=torch.float32).reshape(-1, 1)")
        metric_name, metric_expr = "mae", "(logits - targets).abs().mean()"
    predict = {
        "regression": "predictions = model(X_val_t[:5]).squeeze(1)",
        "binary": "probabilities = torch.sigmoid(model(X_val_t[:5])).squeeze(1)",
        "multiclass": "probabilities = torch.softmax(model(X_val_t[:5]), dim=1)",
    }[task]
    shown = "predictions" if task == "regression" else "probabilities"

    imports = ["import numpy as np", "import torch",
               "from torch import nn", "from torch.utils.data import DataLoader, TensorDataset",
               *_imports_for_prep(code)]
    return "\n".join([
        _header(code, "PyTorch"),
        *imports,
        "",
        f"SEED = {int(cfg.seed)}",
        f"EPOCHS = {int(cfg.epochs)}",
        f"BATCH_SIZE = {int(cfg.batch_size)}",
        "",
        "# The data: X holds one row per example, y the answer for each row.",
        code.data_code.strip(),
        "X = np.asarray(X)",
        "",
        _split_and_scale(code),
        "",
        "",
        targets,
        "",
        "",
        "X_train_t = torch.tensor(X_train, dtype=torch.float32)",
        "X_val_t = torch.tensor(X_val, dtype=torch.float32)",
        "y_train_t, y_val_t = as_targets(y_train), as_targets(y_val)",
        "",
        "# Same seed, same starting weights and same batch order: the same numbers every run.",
        "torch.manual_seed(SEED)",
        model_code(spec),
        loss_line,
        f"optimizer = {optimizer}",
        "loader = DataLoader(TensorDataset(X_train_t, y_train_t), batch_size=BATCH_SIZE,",
        "                    shuffle=True, generator=torch.Generator().manual_seed(SEED))",
        "",
        "",
        "def evaluate(inputs, targets):",
        '    """Mean loss and ' + metric_name + ' over a whole set, without training."""',
        "    if len(inputs) == 0:",
        '        return float("nan"), float("nan")',
        "    model.eval()",
        "    with torch.no_grad():",
        "        logits = model(inputs)",
        f"        score = {metric_expr}",
        "        return loss_fn(logits, targets).item(), score.item()",
        "",
        "",
        "for epoch in range(1, EPOCHS + 1):",
        "    model.train()",
        "    for inputs, targets in loader:  # one step per batch",
        "        optimizer.zero_grad()",
        "        loss = loss_fn(model(inputs), targets)",
        "        loss.backward()",
        "        optimizer.step()",
        "    train_loss, train_metric = evaluate(X_train_t, y_train_t)",
        "    val_loss, val_metric = evaluate(X_val_t, y_val_t)",
        "    if not np.isfinite(train_loss):",
        '        print("The loss blew up: try a smaller learning rate or normalized inputs.")',
        "        break",
        *_report_lines(_print_every(code), metric_name),
        "",
        "model.eval()",
        "with torch.no_grad():",
        f"    {predict}",
        f'print("first validation {shown}:", {shown}.numpy().round(3))',
        "",
    ])


def keras_script(code: CodeSettings) -> str:
    """The talk's Keras recipe: Sequential, Dense layers, compile, fit."""
    spec, cfg = code.spec, code.config
    task = spec.task
    reg = ""
    if cfg.weight_decay:
        # Keras's L2(l) adds l * sum(w^2) to the loss; torch's weight_decay=wd adds wd / 2.
        reg = f", kernel_regularizer=regularizers.L2({cfg.weight_decay / 2!r})"
    layer_lines = [f"model.add(Input(shape=({spec.n_inputs},)))"]
    for n in spec.hidden:
        layer_lines.append(f"model.add(Dense({n}, activation={spec.activation!r}{reg}))")
        if spec.dropout > 0:
            layer_lines.append(f"model.add(Dropout({spec.dropout!r}))")
    output = {
        "regression": "model.add(Dense(1))  # linear output: the prediction itself",
        "binary": "model.add(Dense(1, activation='sigmoid'))  # probability of class 1",
        "multiclass": f"model.add(Dense({spec.n_outputs}, activation='softmax'))  "
                      "# one probability per class",
    }[task]
    layer_lines.append(output)
    optimizer = {
        "adam": f"optimizers.Adam(learning_rate={cfg.lr!r})",
        "sgd": f"optimizers.SGD(learning_rate={cfg.lr!r})",
        "momentum": f"optimizers.SGD(learning_rate={cfg.lr!r}, momentum={cfg.momentum!r})",
    }[cfg.optimizer]
    metric = "mae" if task == "regression" else "accuracy"
    encode = []
    if task == "multiclass":
        encode = [
            "# categorical_crossentropy wants one-hot rows: class 2 of 3 becomes [0, 0, 1].",
            f"y_train = utils.to_categorical(y_train, {spec.n_outputs})",
            f"y_val = utils.to_categorical(y_val, {spec.n_outputs})",
            "",
        ]
    validation = ", validation_data=(X_val, y_val)" if code.val_fraction > 0 else ""
    # The last epoch's validation score, printed as the PyTorch script prints it.
    report = [f'print(f"validation {metric} {{history.history[\'val_{metric}\'][-1]:.4f}}")'
              ] if validation else []
    layer_imports = "Dense, Dropout, Input" if spec.dropout > 0 else "Dense, Input"
    keras_imports = ["optimizers"]
    if task == "multiclass":
        keras_imports.append("utils")
    if cfg.weight_decay:
        keras_imports.append("regularizers")
    return "\n".join([
        _header(code, "Keras"),
        "# Keras 3 runs this on TensorFlow, JAX or PyTorch: choose with KERAS_BACKEND.",
        "import numpy as np",
        f"from keras import {', '.join(sorted(keras_imports))}",
        f"from keras.layers import {layer_imports}",
        "from keras.models import Sequential",
        "from keras.utils import set_random_seed",
        *_imports_for_prep(code),
        "",
        f"SEED = {int(cfg.seed)}",
        "set_random_seed(SEED)",
        "",
        code.data_code.strip(),
        "X = np.asarray(X, dtype=np.float32)",
        "",
        _split_and_scale(code),
        "",
        *encode,
        "model = Sequential()",
        *layer_lines,
        "model.compile(",
        f"    optimizer={optimizer},",
        f"    loss={spec.recipe.keras_loss!r},",
        f"    metrics=[{metric!r}],",
        ")",
        f"history = model.fit(X_train, y_train, epochs={int(cfg.epochs)}, "
        f"batch_size={int(cfg.batch_size)}{validation})",
        *report,
        "",
    ])


def two_class_data_code(shape: str, n: int, noise: float, seed: int) -> str:
    """A snippet that rebuilds nnviz.data.two_class.make_two_class(shape, n, noise, seed)."""
    from nnviz.data import two_class  # numpy and scikit-learn only

    n, noise, seed = int(n), float(noise), int(seed)
    if shape == "moons":
        return sklearn_data_code("make_moons", n_samples=n, noise=noise, random_state=seed)
    if shape == "circles":
        return sklearn_data_code("make_circles", n_samples=n, noise=noise, factor=0.5,
                                 random_state=seed)
    if shape == "blobs":
        return sklearn_data_code("make_blobs", n_samples=n,
                                 centers=[list(c) for c in two_class.BLOB_CENTRES],
                                 cluster_std=two_class.blob_spread(noise), random_state=seed)
    if shape == "xor":
        return (
            f"rng = np.random.default_rng({seed})\n"
            f"clean = rng.uniform(-1.0, 1.0, size=({n}, 2))\n"
            "y = (clean[:, 0] * clean[:, 1] > 0).astype(int)  # same sign: class 1\n"
            f"X = clean + rng.normal(scale={noise!r}, size=({n}, 2))"
        )
    if shape == "spiral":
        return (
            f"rng = np.random.default_rng({seed})\n"
            f"y = np.arange({n}) % 2\n"
            f"t = rng.uniform(0.05, 1.0, size={n})\n"
            "angle = 2 * np.pi * 1.75 * t + np.pi * y  # class 1 is class 0 turned half a turn\n"
            "clean = np.column_stack([t * np.cos(angle), t * np.sin(angle)])\n"
            f"X = clean + rng.normal(scale={noise * 0.5!r}, size=({n}, 2))"
        )
    raise ValueError(f"No data code for shape {shape!r}.")
