# Warnings for the project's own targets (not for third-party code).
function(gatehouse_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
        -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wformat=2)
    if(GATEHOUSE_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
