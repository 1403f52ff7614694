mq_unit_test(test_sig  SOURCES unit/test_sig.c  LIBS mq_common)
mq_unit_test(test_wire SOURCES unit/test_wire.c LIBS mq_common)
mq_unit_test(test_workday SOURCES unit/test_workday.c LIBS mq_common)
mq_unit_test(test_array SOURCES unit/test_array.c LIBS mq_common)
