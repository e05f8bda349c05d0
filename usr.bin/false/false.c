/* false(1): exit unsuccessfully. */
int
main(void)
{
	return (1);
}
