# osp_plugin_host(TARGET): lets an executable load ospd plugins (providers/plugin_api.h). Plugins
# resolve ospd's code from the executable at dlopen time, so it exports its symbols and links
# every object of the libraries a plugin may use (providers/ with base/, http/, s3/), not only the
# ones the executable itself happens to need.
function(osp_plugin_host target)
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON)
  target_link_options(${target} PRIVATE
    "LINKER:--whole-archive" $<TARGET_FILE:osp_providers> $<TARGET_FILE:osp_http>
    $<TARGET_FILE:osp_s3> "LINKER:--no-whole-archive")
  add_dependencies(${target} osp_providers osp_http osp_s3)
endfunction()
