# sales_embed_migrations(<target> <dir> <cpp namespace>)
# Compiles every V###__name.sql in <dir> into a C++ source holding
# `std::vector<sales::db::Migration> <namespace>::Migrations()`, so a binary carries its own
# schema and needs no files beside it.
function(sales_embed_migrations target dir ns)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/V*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} "-DFILES=${sql_files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_migrations_script.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/embed_migrations_script.cmake
    COMMENT "embedding migrations of ${target}"
    VERBATIM)
  add_library(${target} STATIC ${out})
  target_link_libraries(${target} PUBLIC sales_common)
endfunction()
