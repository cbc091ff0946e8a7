# gatehouse_add_plugin(<name> <source>...)
#
# Builds a Gatehouse plugin: a Qt plugin (MODULE library) named <name>.so,
# linked only against the plugin SDK and Qt Core. Put plugin.json (the
# metadata named in Q_PLUGIN_METADATA) next to the sources.
function(gatehouse_add_plugin name)
    if(NOT ARGN)
        message(FATAL_ERROR "gatehouse_add_plugin(${name}) needs at least one source file")
    endif()
    add_library(${name} MODULE ${ARGN})
    set_target_properties(${name} PROPERTIES
        AUTOMOC ON
        PREFIX ""
        CXX_STANDARD 17
        CXX_STANDARD_REQUIRED ON
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    # moc records the Q_PLUGIN_METADATA file as a dependency: editing
    # plugin.json rebuilds the plugin.
    target_link_libraries(${name} PRIVATE Gatehouse::PluginSdk)
endfunction()
