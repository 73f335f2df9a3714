/** Data attribution carried by each demo model card (the data sets are CC BY 4.0). */
export const ATTRIBUTION = {
	indpensim:
		'Derived from IndPenSim (industrial-scale penicillin fed-batch fermentation): Goldrick S. et al., "Modern day monitoring and control challenges outlined on an industrial-scale benchmark fermentation process", Computers & Chemical Engineering 130 (2019) 106471, doi:10.1016/j.compchemeng.2019.05.037; simulator: Goldrick et al., J. Biotechnol. 193 (2015) 70–82, doi:10.1016/j.jbiotec.2014.10.029. Data: Mendeley Data pdnjz7zz5x, CC BY 4.0.',
	adult:
		'Derived from the UCI Adult / Census Income data set (UCI ML Repository dataset 2): Becker, B. and Kohavi, R. (1996), doi:10.24432/C5XW20. CC BY 4.0.',
	bike: 'Derived from the UCI Bike Sharing data set (UCI ML Repository dataset 275): Fanaee-T, H. and Gama, J., "Event labeling combining ensemble detectors and background knowledge", Progress in Artificial Intelligence (2013), doi:10.1007/s13748-013-0040-3. CC BY 4.0.'
} as const;
