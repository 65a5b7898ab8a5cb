# Sourced by the scripts: puts the pinned local tools first on PATH and points the
# browser tests at Debian's Chromium and ChromeDriver.
TOOLS_DIR="${IMAGE_CONSOLE_TOOLS:-$HOME/.cache/image-console-tools}"
export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must never look for updates or download tools.
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true
# The accessibility tests inject this axe-core build (scripts/bootstrap installs it).
export AXE_CORE_JS="${AXE_CORE_JS:-$TOOLS_DIR/node_modules/axe-core/axe.min.js}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-60}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}"
# The release console's toolchain (scripts/build; scripts/bootstrap installs it with rust-src).
export CONSOLE_TOOLCHAIN=nightly-2026-10-20
export CONSOLE_BUILD_STD=std,panic_abort
