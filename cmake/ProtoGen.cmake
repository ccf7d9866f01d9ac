# osp_grpc_proto_sources(OUT ROOT file.proto...): C++ protobuf + gRPC sources for .proto files
# given relative to ROOT; generated under ${CMAKE_CURRENT_BINARY_DIR}/gen keeping the package path.
function(osp_grpc_proto_sources out_var proto_root)
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/gen)
  set(srcs)
  foreach(rel ${ARGN})
    string(REGEX REPLACE "\\.proto$" "" base ${rel})
    set(outputs ${gen}/${base}.pb.cc ${gen}/${base}.pb.h ${gen}/${base}.grpc.pb.cc
                ${gen}/${base}.grpc.pb.h)
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${gen}
      COMMAND protobuf::protoc -I ${proto_root} -I ${Protobuf_INCLUDE_DIRS} --cpp_out=${gen}
              --grpc_out=${gen} --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
              ${proto_root}/${rel}
      DEPENDS ${proto_root}/${rel} protobuf::protoc gRPC::grpc_cpp_plugin
      VERBATIM)
    list(APPEND srcs ${outputs})
  endforeach()
  set(${out_var} ${srcs} PARENT_SCOPE)
endfunction()
