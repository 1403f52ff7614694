mq_unit_test(test_store  SOURCES unit/test_store.c  LIBS mq_sync)
mq_unit_test(test_outbox SOURCES unit/test_outbox.c LIBS mq_sync)
mq_unit_test(test_sync   SOURCES unit/test_sync.c   LIBS mq_sync PkgConfig::MHD)
mq_unit_test(test_store_visit SOURCES unit/test_store_visit.c LIBS mq_sync)
