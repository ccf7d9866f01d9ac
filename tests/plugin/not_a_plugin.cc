// A shared library without the plugin entry points.
extern "C" __attribute__((visibility("default"))) int some_other_library_function(void) {
  return 42;
}
