/*
 * The atomic operations every port offers the MI kernel, as thin macros
 * over the compiler's __atomic builtins.  A port's <machine/atomic.h>
 * includes this file (and says what the builtins become on its CPU).
 * They are macros rather than functions so that one name serves signed
 * and unsigned objects: the _int forms take int or u_int, the _long forms
 * long or u_long, the _ptr forms any object pointer.
 *
 * The plain operations are sequentially consistent; the _acq/_rel forms
 * are the load-acquire / store-release pairs of lock and flag protocols.
 * atomic_cmpset_* returns 1 when *p held `expect' and now holds `val',
 * else 0; atomic_fetchadd_* and atomic_swap_* return the old value.
 */
#ifndef _SYS_ATOMIC_COMMON_H_
#define _SYS_ATOMIC_COMMON_H_

#define _atomic_cmpset(p, expect, val) __extension__ ({		\
	__typeof(*(p) + 0) _cmp = (expect);				\
	(int)__atomic_compare_exchange_n((p), &_cmp, (val), 0,		\
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);			\
})
#define _atomic_fetchadd(p, v)	__atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define _atomic_swap(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define _atomic_add(p, v)	((void)__atomic_fetch_add((p), (v),	\
				    __ATOMIC_SEQ_CST))
#define _atomic_subtract(p, v)	((void)__atomic_fetch_sub((p), (v),	\
				    __ATOMIC_SEQ_CST))
#define _atomic_set(p, v)	((void)__atomic_fetch_or((p), (v),	\
				    __ATOMIC_SEQ_CST))
#define _atomic_clear(p, v)	((void)__atomic_fetch_and((p), ~(v),	\
				    __ATOMIC_SEQ_CST))
#define _atomic_load_acq(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define _atomic_store_rel(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#define atomic_cmpset_int(p, e, v)	_atomic_cmpset(p, e, v)
#define atomic_cmpset_long(p, e, v)	_atomic_cmpset(p, e, v)
#define atomic_cmpset_32(p, e, v)	_atomic_cmpset(p, e, v)
#define atomic_cmpset_64(p, e, v)	_atomic_cmpset(p, e, v)
#define atomic_cmpset_ptr(p, e, v)	_atomic_cmpset(p, e, v)

#define atomic_fetchadd_int(p, v)	_atomic_fetchadd(p, v)
#define atomic_fetchadd_long(p, v)	_atomic_fetchadd(p, v)
#define atomic_fetchadd_32(p, v)	_atomic_fetchadd(p, v)
#define atomic_fetchadd_64(p, v)	_atomic_fetchadd(p, v)

#define atomic_swap_int(p, v)		_atomic_swap(p, v)
#define atomic_swap_long(p, v)		_atomic_swap(p, v)
#define atomic_swap_ptr(p, v)		_atomic_swap(p, v)

#define atomic_add_int(p, v)		_atomic_add(p, v)
#define atomic_add_long(p, v)		_atomic_add(p, v)
#define atomic_add_32(p, v)		_atomic_add(p, v)
#define atomic_add_64(p, v)		_atomic_add(p, v)
#define atomic_subtract_int(p, v)	_atomic_subtract(p, v)
#define atomic_subtract_long(p, v)	_atomic_subtract(p, v)
#define atomic_subtract_32(p, v)	_atomic_subtract(p, v)
#define atomic_subtract_64(p, v)	_atomic_subtract(p, v)

#define atomic_set_int(p, v)		_atomic_set(p, v)
#define atomic_set_long(p, v)		_atomic_set(p, v)
#define atomic_set_32(p, v)		_atomic_set(p, v)
#define atomic_set_64(p, v)		_atomic_set(p, v)
#define atomic_clear_int(p, v)		_atomic_clear(p, v)
#define atomic_clear_long(p, v)		_atomic_clear(p, v)
#define atomic_clear_32(p, v)		_atomic_clear(p, v)
#define atomic_clear_64(p, v)		_atomic_clear(p, v)

#define atomic_load_acq_int(p)		_atomic_load_acq(p)
#define atomic_load_acq_long(p)		_atomic_load_acq(p)
#define atomic_load_acq_32(p)		_atomic_load_acq(p)
#define atomic_load_acq_64(p)		_atomic_load_acq(p)
#define atomic_load_acq_ptr(p)		_atomic_load_acq(p)
#define atomic_store_rel_int(p, v)	_atomic_store_rel(p, v)
#define atomic_store_rel_long(p, v)	_atomic_store_rel(p, v)
#define atomic_store_rel_32(p, v)	_atomic_store_rel(p, v)
#define atomic_store_rel_64(p, v)	_atomic_store_rel(p, v)
#define atomic_store_rel_ptr(p, v)	_atomic_store_rel(p, v)

#endif /* !_SYS_ATOMIC_COMMON_H_ */
