mq_unit_test(test_store  SOURCES unit/test_store.c  LIBS mq_sync)
mq_unit_test(test_outbox SOURCES unit/test_outbox.c LIBS mq_sync)
mq_unit_test(test_sync   SOURCES unit/test_sync.c   LIBS mq_sync PkgConfig::MHD PkgConfig::CURL)
mq_unit_test(test_store_visit SOURCES unit/test_store_visit.c LIBS mq_sync)
# fsync and rename wrapped at link time to see that the directory is synced after the rename
mq_unit_test(test_durable SOURCES unit/test_durable.c LIBS mq_sync)
target_link_options(test_durable PRIVATE -Wl,--wrap=fsync -Wl,--wrap=rename)
