# mq_embed_files(TARGET_VAR SYMBOL FILE...)
# Generates a C source with `const struct mq_embedded SYMBOL[]` holding each
# file's name and bytes (NUL-terminated), ending with a {NULL, NULL, 0} entry.
# Used for the numbered migration .sql files, so they stay plain SQL in the tree
# but ship inside the binary (a board has no source tree).
function(mq_embed_files out_var symbol)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${symbol}.c")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} "-DFILES=${ARGN}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedFilesRun.cmake
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/cmake/EmbedFilesRun.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
