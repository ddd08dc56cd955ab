/** A bundled file (a sound …) as its URL, in jest. */
export default '/assets/test-file';
