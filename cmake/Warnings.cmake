# Warnings for our own targets (not for generated code): call osp_warnings(target).
function(osp_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -Wthread-safety)
  endif()
  if(OSP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(OSP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# ThreadSanitizer builds (scripts/build.sh --tsan): Debian's gRPC, Abseil and libcurl are not
# instrumented; tests run with TSAN_OPTIONS ignore_noninstrumented_modules=1, tests/tsan/tsan.supp
# and tests/tsan's library that makes Abseil's locks visible to TSan.
if(OSP_TSAN)
  if(OSP_SANITIZE OR OSP_FUZZ)
    message(FATAL_ERROR "OSP_TSAN=ON cannot be combined with OSP_SANITIZE or OSP_FUZZ")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# libFuzzer builds (tests/fuzz): every library gets coverage instrumentation and ASan+UBSan;
# fuzz targets add -fsanitize=fuzzer at link time.
if(OSP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "OSP_FUZZ=ON needs clang: -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
