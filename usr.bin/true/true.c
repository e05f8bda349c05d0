/* true(1): exit successfully. */
int
main(void)
{
	return (0);
}
