/**
 * Tabular preprocessing in scikit-learn's style: train/test splits (optionally stratified),
 * scalers and encoders with fit / transform / inverseTransform.
 */
package dev.dl.data.tabular;
