mq_unit_test(test_store  SOURCES unit/test_store.c  LIBS mq_sync)
mq_unit_test(test_outbox SOURCES unit/test_outbox.c LIBS mq_sync)
mq_unit_test(test_sync   SOURCES unit/test_sync.c   LIBS mq_sync PkgConfig::MHD)
