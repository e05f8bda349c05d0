/*
 * LWKT tokens.  A token is a lock that a thread keeps only while it runs:
 * lwkt_switch() releases every token of a thread that stops running and
 * takes them all back before the thread resumes, so a token never blocks
 * a sleeping holder's CPU and two holders cannot deadlock by sleeping.
 * Code between blocking points under a token is therefore atomic with
 * respect to other holders, which is the only guarantee a token gives.
 *
 * Exclusive tokens may be re-acquired by their holder (the reference is
 * marked TRF_RECURSE); shared tokens count holders.  Each thread keeps
 * its references on a small stack (td_mi[TDMI_TOKS] .. td_toks_stop).
 * Pool tokens hash an address to one of LWKT_POOL_TOKENS tokens.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <machine/cpufunc.h>

#define LWKT_POOL_TOKENS	1024

static struct lwkt_token pool_tokens[LWKT_POOL_TOKENS];
struct lwkt_token proc_token = LWKT_TOKEN_INITIALIZER(proc_token);
struct lwkt_token vm_token = LWKT_TOKEN_INITIALIZER(vm_token);

#define TOKBASE(td)	((struct lwkt_tokref *)(td)->td_mi[TDMI_TOKS])

void
lwkt_token_init(lwkt_token_t tok, const char *desc)
{
	tok->t_count = 0;
	tok->t_ref = NULL;
	tok->t_desc = desc;
	tok->t_collisions = 0;
}

/* Try once to take the token for ref; true on success. */
static bool
tok_try(struct lwkt_tokref *ref)
{
	lwkt_token_t tok = ref->tr_tok;
	long c;

	if ((ref->tr_flags & (TRF_RECURSE | TRF_HELD)) != 0)
		return (true);
	c = tok->t_count;
	if ((ref->tr_flags & TRF_EXCL) != 0) {
		if (c == 0 && __atomic_compare_exchange_n(&tok->t_count, &c,
		    TOK_EXCLUSIVE, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			tok->t_ref = ref->tr_owner;
			ref->tr_flags |= TRF_HELD;
			return (true);
		}
		return (false);
	}
	while ((c & TOK_EXCLUSIVE) == 0) {
		if (__atomic_compare_exchange_n(&tok->t_count, &c,
		    c + TOK_INCR, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			ref->tr_flags |= TRF_HELD;
			return (true);
		}
	}
	return (false);
}

static void
tok_release(struct lwkt_tokref *ref)
{
	lwkt_token_t tok = ref->tr_tok;

	if ((ref->tr_flags & (TRF_RECURSE | TRF_HELD)) != TRF_HELD)
		return;
	ref->tr_flags &= ~TRF_HELD;
	if ((ref->tr_flags & TRF_EXCL) != 0) {
		tok->t_ref = NULL;
		__atomic_store_n(&tok->t_count, 0, __ATOMIC_RELEASE);
	} else
		__atomic_fetch_sub(&tok->t_count, TOK_INCR, __ATOMIC_RELEASE);
}

/* Does td hold tok (in any mode)?  Returns the earliest reference. */
static struct lwkt_tokref *
tok_find(struct thread *td, lwkt_token_t tok)
{
	struct lwkt_tokref *r;

	for (r = TOKBASE(td); r < td->td_toks_stop; r++)
		if (r->tr_tok == tok)
			return (r);
	return (NULL);
}

static struct lwkt_tokref *
tok_push(struct thread *td, lwkt_token_t tok, bool excl)
{
	struct lwkt_tokref *ref, *prior;

	if (td->td_toks_stop >= TOKBASE(td) + LWKT_MAXTOKENS)
		panic("lwkt_gettoken: %s holds too many tokens", td->td_comm);
	prior = tok_find(td, tok);
	ref = td->td_toks_stop;
	ref->tr_tok = tok;
	ref->tr_owner = td;
	ref->tr_flags = excl ? TRF_EXCL : 0;
	if (prior != NULL) {
		if ((prior->tr_flags & TRF_EXCL) != 0)
			ref->tr_flags |= TRF_RECURSE;
		else if (excl)
			panic("lwkt_gettoken: %s: shared to exclusive upgrade",
			    tok->t_desc);
		/* shared after shared: a second shared count */
	}
	cpu_ccfence();
	td->td_toks_stop = ref + 1;
	return (ref);
}

static void
tok_get(lwkt_token_t tok, bool excl)
{
	struct thread *td = curthread;
	struct lwkt_tokref *ref;
	int spins = 0;

	ref = tok_push(td, tok, excl);
	while (!tok_try(ref)) {
		tok->t_collisions++;
		/*
		 * The holder runs on another CPU (holders on this CPU
		 * released their tokens when they stopped).  Spin a while,
		 * then let other threads here run before trying again.
		 */
		if (++spins < 1000) {
			cpu_pause();
			continue;
		}
		spins = 0;
		if (lwkt_runnable())
			lwkt_yield();	/* reacquires what we already hold */
	}
}

void
lwkt_gettoken(lwkt_token_t tok)
{
	tok_get(tok, true);
}

void
lwkt_gettoken_shared(lwkt_token_t tok)
{
	tok_get(tok, false);
}

bool
lwkt_trytoken(lwkt_token_t tok)
{
	struct thread *td = curthread;
	struct lwkt_tokref *ref;

	ref = tok_push(td, tok, true);
	if (tok_try(ref))
		return (true);
	td->td_toks_stop = ref;
	return (false);
}

void
lwkt_reltoken(lwkt_token_t tok)
{
	struct thread *td = curthread;
	struct lwkt_tokref *ref;

	ref = td->td_toks_stop - 1;
	if (ref < TOKBASE(td) || ref->tr_tok != tok)
		panic("lwkt_reltoken: %s is not the last token taken",
		    tok->t_desc);
	tok_release(ref);
	cpu_ccfence();
	td->td_toks_stop = ref;
}

bool
lwkt_token_is_held(lwkt_token_t tok)
{
	struct thread *td = curthread;
	struct lwkt_tokref *r = tok_find(td, tok);

	return (r != NULL);
}

void
lwkt_token_release_all(struct thread *td)
{
	struct lwkt_tokref *r;

	for (r = td->td_toks_stop - 1; r >= TOKBASE(td); r--)
		tok_release(r);
}

/* Take back all of td's tokens, in order; all or none. */
bool
lwkt_token_acquire_all(struct thread *td)
{
	struct lwkt_tokref *r, *q;

	for (r = TOKBASE(td); r < td->td_toks_stop; r++) {
		if (!tok_try(r)) {
			for (q = r - 1; q >= TOKBASE(td); q--)
				tok_release(q);
			return (false);
		}
	}
	return (true);
}

lwkt_token_t
lwkt_token_pool_lookup(const void *ptr)
{
	uintptr_t h = (uintptr_t)ptr;

	h ^= h >> 17;
	h ^= h >> 7;
	return (&pool_tokens[h % LWKT_POOL_TOKENS]);
}

lwkt_token_t
lwkt_getpooltoken(const void *ptr)
{
	lwkt_token_t tok = lwkt_token_pool_lookup(ptr);

	lwkt_gettoken(tok);
	return (tok);
}

void
lwkt_relpooltoken(const void *ptr)
{
	lwkt_reltoken(lwkt_token_pool_lookup(ptr));
}
