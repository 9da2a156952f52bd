# Compiler flags shared by every LossLab target, applied through an
# interface library so that no global flag leaks into third-party code.
add_library(losslab_options INTERFACE)
target_compile_options(losslab_options INTERFACE -Wall -Wextra -Wpedantic)
# GCC 12 reports false "maybe-uninitialized" warnings inside its own AVX-512
# intrinsic headers when Eigen inlines them (GCC bug 105593).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(losslab_options INTERFACE -Wno-maybe-uninitialized)
endif()
# Never -ffast-math: it lets the compiler assume finite values, which makes
# std::isfinite lie and breaks the divergence guard.
target_compile_options(losslab_options INTERFACE -fno-fast-math)
# oneTBB owns the cores; Eigen must not start threads of its own inside TBB tasks.
target_compile_definitions(losslab_options INTERFACE EIGEN_DONT_PARALLELIZE
  # Eigen's GEMM blocking buffers go on the stack up to this size, so a
  # training step does not touch the heap.
  EIGEN_STACK_ALLOCATION_LIMIT=1048576)

if(LOSSLAB_NATIVE)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=native LOSSLAB_HAS_MARCH_NATIVE)
  if(LOSSLAB_HAS_MARCH_NATIVE)
    target_compile_options(losslab_options INTERFACE -march=native)
  endif()
endif()

if(LOSSLAB_ASSERTIONS)
  target_compile_options(losslab_options INTERFACE -UNDEBUG)
  # Lets a test forbid Eigen heap allocations inside a training step.
  target_compile_definitions(losslab_options INTERFACE EIGEN_RUNTIME_NO_MALLOC)
endif()

if(LOSSLAB_SANITIZE)
  string(REPLACE "," ";" _sanitizers "${LOSSLAB_SANITIZE}")
  foreach(_s IN LISTS _sanitizers)
    if(NOT _s MATCHES "^(address|thread|undefined)$")
      message(FATAL_ERROR "LOSSLAB_SANITIZE: '${_s}' is not one of address, thread, undefined")
    endif()
  endforeach()
  # -O1 and line tables only: sanitizer builds compile in about half the time
  # of -O3 -g and still run the tests quickly; reports keep file:line.
  target_compile_options(losslab_options INTERFACE -fsanitize=${LOSSLAB_SANITIZE} -fno-omit-frame-pointer -O1 -g1)
  target_link_options(losslab_options INTERFACE -fsanitize=${LOSSLAB_SANITIZE})
  if(LOSSLAB_SANITIZE MATCHES "undefined")
    target_compile_options(losslab_options INTERFACE -fno-sanitize-recover=undefined)
  endif()
endif()

find_program(LOSSLAB_CCACHE ccache)
if(LOSSLAB_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${LOSSLAB_CCACHE} CACHE STRING "" FORCE)
endif()

# Debian's libtbb is not built with TSan; under TSan the engine caps oneTBB at
# one thread (see core/src/parallel.cpp) so that reports are about our code.
if(LOSSLAB_SANITIZE MATCHES "thread")
  target_compile_definitions(losslab_options INTERFACE LOSSLAB_TSAN_ONE_THREAD=1)
endif()
