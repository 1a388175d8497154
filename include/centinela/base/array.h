/*
 * The length of an array, from its type. Only for arrays: given a pointer,
 * the compiler warns (-Wsizeof-pointer-div, in -Wall).
 */
#ifndef CENTINELA_BASE_ARRAY_H
#define CENTINELA_BASE_ARRAY_H

#include <stddef.h> /* size_t, the type of ARRAY_SIZE */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
