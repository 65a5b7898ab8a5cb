fn main() {
    image_console::start();
}
