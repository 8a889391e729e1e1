"""numpy peers of the tracegrad benchmark, one workload per process:

    python3 bench/workers/numpy_bench.py W1|W2|W3 DIR [--quick]

W1 is Lab01's own lab code (its `layer` class: N(0, 1) weights, no bias, sigmoid, MSE, lr 1,
10,000 full-batch epochs over the 21 XOR-easy points; 2-4-4-1). W2 is a numpy MLP with manual
backprop (784-128-64-10, ReLU, softmax cross-entropy, Adam 0.001, batch 128, 3 epochs) on the same
8,000 digits, float32 and float64. W3 is `a @ b`. The BLAS threads are whatever the environment
gives (run.mjs sets OPENBLAS_NUM_THREADS for W3). Only the training loops and the products are timed.
"""

import json
import os
import resource
import statistics
import sys
import time

try:
    import numpy as np
except ImportError as error:  # run.mjs shows this as a skipped peer
    print("@@bench " + json.dumps({"workload": sys.argv[1] if len(sys.argv) > 1 else "?", "library": "numpy", "backend": "python3", "dtype": "-", "skipped": f"numpy: did not import ({error})"}))
    sys.exit(0)

args = [a for a in sys.argv[1:] if not a.startswith("--")]
QUICK = "--quick" in sys.argv
TASK, DIR = args[0], args[1]


def blas_threads():
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(name):
            return int(os.environ[name])
    return os.cpu_count() or 1


def blas_name():
    try:
        config = np.show_config(mode="dicts")
        return config["Build Dependencies"]["blas"]["name"]
    except Exception:  # older numpy
        return "BLAS"


BACKEND = f"numpy {np.__version__} ({blas_name()}, {blas_threads()} thread{'s' if blas_threads() > 1 else ''})"


def emit(result):
    print("@@bench " + json.dumps(result), flush=True)


# ---- W1: Lab01's lab, as written there -------------------------------------------------------

LEARNING_RATE = 1


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def derivative_sigmoid(x):
    return np.multiply(x, 1.0 - x)


def MSE(y, y_hat):
    return np.mean((y - y_hat) ** 2)


def derivative_loss(y, y_hat):
    return (y - y_hat) * (2 / y.shape[0])


class layer:
    def __init__(self, input_size, output_size) -> None:
        self.w = np.random.normal(0, 1, (input_size, output_size))
        self.gradient = None

    def forward(self, X):
        self.forward_gradient = X
        z = X @ self.w
        self.a = sigmoid(z)
        return self.a

    def backward(self, derivative_C):
        self.backward_gradient = np.multiply(derivative_sigmoid(self.a), derivative_C)
        return np.matmul(self.backward_gradient, self.w.T)

    def update_param(self):
        self.gradient = np.matmul(self.forward_gradient.T, self.backward_gradient)
        self.w += LEARNING_RATE * self.gradient


class Model:
    def __init__(self) -> None:
        self.hidden_layer_1 = layer(2, 4)
        self.hidden_layer_2 = layer(4, 4)
        self.output_layer = layer(4, 1)

    def forward(self, X):
        return self.output_layer.forward(self.hidden_layer_2.forward(self.hidden_layer_1.forward(X)))

    def backward(self, d_loss):
        g = self.output_layer.backward(d_loss)
        g = self.hidden_layer_2.backward(g)
        return self.hidden_layer_1.backward(g)

    def update(self):
        self.output_layer.update_param()
        self.hidden_layer_2.update_param()
        self.hidden_layer_1.update_param()


def xor_easy():
    x, y = [], []
    for i in range(11):
        x.append([0.1 * i, 0.1 * i])
        y.append([0])
        if i != 5:
            x.append([0.1 * i, 1 - 0.1 * i])
            y.append([1])
    return np.array(x), np.array(y, dtype=float)


def w1():
    X, y = xor_easy()
    times, accuracies, losses = [], [], []
    reps = 1 if QUICK else 5
    started = time.perf_counter()
    for rep in range(reps):
        np.random.seed(rep + 1)
        model = Model()
        t = time.perf_counter()
        for epoch in range(10000):
            y_hat = model.forward(X)
            loss = MSE(y, y_hat)  # the lab prints it every 500 epochs; computed every epoch as there
            model.backward(derivative_loss(y, y_hat))
            model.update()
        times.append(time.perf_counter() - t)
        y_hat = model.forward(X)
        accuracies.append(float(np.mean((y_hat >= 0.5) == (y >= 0.5))))
        losses.append(float(MSE(y, y_hat)))
        if time.perf_counter() - started > 20:
            break
    emit({"workload": "W1", "library": "numpy", "backend": f"{BACKEND}, Lab01 code (no bias)", "dtype": "float64", "seconds": statistics.median(times),
          "accuracy": min(accuracies), "accuracies": accuracies, "loss": losses[-1], "runs": len(times)})


# ---- W2: the MLP with manual backprop -----------------------------------------------------------

def w2(dtype):
    meta = json.load(open(os.path.join(DIR, "inputs.json")))["mnist"]
    n, features = meta["n"], meta["features"]
    X = np.fromfile(os.path.join(DIR, "mnist-x.f32"), dtype=np.float32).reshape(n, features).astype(dtype)
    labels = np.fromfile(os.path.join(DIR, "mnist-labels.u8"), dtype=np.uint8).astype(np.int64)
    Y = np.eye(10, dtype=dtype)[labels]
    rng = np.random.default_rng(1)
    sizes = [784, 128, 64, 10]
    params = []
    for i in range(3):
        params.append((rng.standard_normal((sizes[i], sizes[i + 1])) * np.sqrt(2 / sizes[i])).astype(dtype))
        params.append(np.zeros(sizes[i + 1], dtype=dtype))
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = dtype(0.001), dtype(0.9), dtype(0.999), dtype(1e-8)
    step = 0
    epochs, batch = 3, 128
    t = time.perf_counter()
    for epoch in range(epochs):
        order = rng.permutation(n)
        correct = 0
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            x, y = X[idx], Y[idx]
            rows = x.shape[0]
            z1 = x @ params[0] + params[1]
            a1 = np.maximum(z1, 0)
            z2 = a1 @ params[2] + params[3]
            a2 = np.maximum(z2, 0)
            z3 = a2 @ params[4] + params[5]
            z3 = z3 - z3.max(axis=1, keepdims=True)
            e = np.exp(z3)
            p = e / e.sum(axis=1, keepdims=True)
            correct += int((p.argmax(axis=1) == y.argmax(axis=1)).sum())
            d3 = (p - y) / dtype(rows)
            d2 = (d3 @ params[4].T) * (z2 > 0)
            d1 = (d2 @ params[2].T) * (z1 > 0)
            grads = [x.T @ d1, d1.sum(axis=0), a1.T @ d2, d2.sum(axis=0), a2.T @ d3, d3.sum(axis=0)]
            step += 1
            c1 = dtype(1 - 0.9 ** step)
            c2 = dtype(1 - 0.999 ** step)
            for i, g in enumerate(grads):
                m[i] *= b1
                m[i] += (1 - b1) * g
                v[i] *= b2
                v[i] += (1 - b2) * g * g
                params[i] -= lr * (m[i] / c1) / (np.sqrt(v[i] / c2) + eps)
    seconds = time.perf_counter() - t
    name = np.dtype(dtype).name
    emit({"workload": "W2", "library": "numpy", "backend": f"{BACKEND}, manual backprop", "dtype": name, "seconds": seconds,
          "samplesPerSec": epochs * n / seconds, "trainAccuracy": correct / n})
    return name


def w2_all():
    w2(np.float32)
    emit({"workload": "W5", "library": "numpy", "backend": f"{BACKEND}, manual backprop", "dtype": "float32",
          "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    w2(np.float64)


# ---- W3: a @ b ----------------------------------------------------------------------------------

def w3():
    for dtype in (np.float32, np.float64):
        for n in (128, 256, 512):
            rng = np.random.default_rng(1)
            a = (rng.random((n, n)) - 0.5).astype(dtype)
            b = (rng.random((n, n)) - 0.5).astype(dtype)
            c = np.empty((n, n), dtype=dtype)
            call = lambda: np.matmul(a, b, out=c)
            # Untimed warm-up, as timeGemm in common.mjs: at least two calls and 0.25 s (0.05 with --quick).
            warm_until = time.perf_counter() + (0.05 if QUICK else 0.25)
            call()
            call()
            while time.perf_counter() < warm_until:
                call()
            t = time.perf_counter()
            call()
            single = time.perf_counter() - t
            min_sample = 0.02 if QUICK else 0.05
            batch = max(1, int(np.ceil(min_sample / max(single, 1e-6))))
            per_call = []
            started = time.perf_counter()
            for s in range(3 if QUICK else 7):
                t = time.perf_counter()
                for _ in range(batch):
                    call()
                per_call.append((time.perf_counter() - t) / batch)
                if s >= 2 and time.perf_counter() - started > 6:
                    break
            seconds = statistics.median(per_call)
            emit({"workload": f"W3-{n}", "library": "numpy", "backend": BACKEND, "dtype": np.dtype(dtype).name, "seconds": seconds,
                  "gflops": 2 * n ** 3 / seconds / 1e9, "threads": blas_threads()})


if TASK == "W1":
    w1()
elif TASK == "W2":
    w2_all()
elif TASK == "W3":
    w3()
else:
    raise SystemExit(f"unknown task {TASK}")
