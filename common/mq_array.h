/* mq_array.h — arrays that grow one element at a time, as rows arrive from
 * a storage callback or a parser. */
#ifndef MQ_ARRAY_H
#define MQ_ARRAY_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Make room for element @p n of the array whose pointer is at @p array
 * (a `T **`, passed as is; elements of @p size bytes). The capacity
 * follows from the count — 16, then doubled each time the count reaches a
 * power of two — so an array needs no field for it: start from NULL and
 * grow only through these two calls, then free() it. False when memory
 * ran out (the array is unchanged).
 */
bool mq_array_reserve(void *array, size_t n, size_t size);

/**
 * Append a zeroed element to the array at @p array of *@p n elements of
 * @p size bytes and count it: the new element, or NULL when memory ran out
 * (the array and *@p n unchanged).
 */
void *mq_array_add(void *array, size_t *n, size_t size);

#endif
