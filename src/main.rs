//! The wasm binary: mounts the console.

fn main() {
    image_console::start();
}
