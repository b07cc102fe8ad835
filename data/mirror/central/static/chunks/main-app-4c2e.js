/* stand-in for the app bundle: the mirror serves it, nothing runs it */
(self.__next_f=self.__next_f||[]);
