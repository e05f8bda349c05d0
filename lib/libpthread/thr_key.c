/*
 * Thread-specific data.  A key indexes every TCB's specific[] array; the
 * key table keeps each slot's destructor and a generation, bumped when a
 * key is deleted, so a value stored under a deleted key is not returned
 * (nor destroyed) under the key that reuses its slot.
 */
#include <errno.h>
#include <stdint.h>

#include "thr_private.h"

volatile int		_thr_key_lock;	/* the key table; held across fork */
static struct {
	int		used;
	unsigned	gen;
	void		(*dtor)(void *);
} key_table[PTHREAD_KEYS_MAX];

int
pthread_key_create(pthread_key_t *key, void (*dtor)(void *))
{
	int k;

	_thr_lock(&_thr_key_lock);
	for (k = 0; k < PTHREAD_KEYS_MAX; k++)
		if (!key_table[k].used)
			break;
	if (k == PTHREAD_KEYS_MAX) {
		_thr_unlock(&_thr_key_lock);
		return (EAGAIN);
	}
	key_table[k].used = 1;
	key_table[k].gen++;
	key_table[k].dtor = dtor;
	_thr_unlock(&_thr_key_lock);
	*key = k;
	return (0);
}

int
pthread_key_delete(pthread_key_t key)
{
	if (key < 0 || key >= PTHREAD_KEYS_MAX)
		return (EINVAL);
	_thr_lock(&_thr_key_lock);
	if (!key_table[key].used) {
		_thr_unlock(&_thr_key_lock);
		return (EINVAL);
	}
	key_table[key].used = 0;
	key_table[key].gen++;
	key_table[key].dtor = NULL;
	_thr_unlock(&_thr_key_lock);
	return (0);
}

void *
pthread_getspecific(pthread_key_t key)
{
	struct __pthread *t = _thr_self();

	if (key < 0 || key >= PTHREAD_KEYS_MAX ||
	    t->specific[key].gen != key_table[key].gen)
		return (NULL);
	return (t->specific[key].value);
}

int
pthread_setspecific(pthread_key_t key, const void *value)
{
	struct __pthread *t = _thr_self();

	if (key < 0 || key >= PTHREAD_KEYS_MAX || !key_table[key].used)
		return (EINVAL);
	t->specific[key].value = (void *)(uintptr_t)value;
	t->specific[key].gen = key_table[key].gen;
	return (0);
}

/*
 * At thread exit: call each non-NULL value's destructor (the value is
 * cleared first, as POSIX says), repeating while destructors store new
 * values, up to PTHREAD_DESTRUCTOR_ITERATIONS rounds.
 */
void
_thr_key_destroy_all(struct __pthread *t)
{
	void (*dtor)(void *);
	void *v;
	int k, round, again;

	for (round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		again = 0;
		for (k = 0; k < PTHREAD_KEYS_MAX; k++) {
			_thr_lock(&_thr_key_lock);
			dtor = key_table[k].used &&
			    t->specific[k].gen == key_table[k].gen ?
			    key_table[k].dtor : NULL;
			_thr_unlock(&_thr_key_lock);
			v = t->specific[k].value;
			if (dtor == NULL || v == NULL)
				continue;
			t->specific[k].value = NULL;
			dtor(v);
			again = 1;
		}
		if (!again)
			break;
	}
}
